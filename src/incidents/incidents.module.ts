import { Module } from '@nestjs/common';
import { PartnersModule } from '../partners/partners.module';
import { StixModule } from '../stix/stix.module';
import { IncidentsResolver } from './graphql/incidents.resolver';
import { IncidentMirror } from './incident-mirror.service';
import { IncidentSharing } from './incident-sharing';
import { IncidentRepository } from './incident.repository';
import { IncidentsService } from './incidents.service';

/** Incidents and their notes, mirrored into the STIX store; CasesModule reads them through IncidentsService. */
@Module({
  imports: [PartnersModule, StixModule],
  providers: [IncidentRepository, IncidentSharing, IncidentMirror, IncidentsService, IncidentsResolver],
  exports: [IncidentsService],
})
export class IncidentsModule {}
