import { Module } from '@nestjs/common';
import { PartnersModule } from '../partners/partners.module';
import { StixModule } from '../stix/stix.module';
import { AdvisoriesService } from './advisories.service';
import { AdvisoriesResolver } from './graphql/advisories.resolver';
import { IncidentsResolver } from './graphql/incidents.resolver';
import { NotesResolver } from './graphql/notes.resolver';
import { StatisticsResolver } from './graphql/statistics.resolver';
import { IncidentStatisticsService } from './incident-statistics.service';
import { IncidentMirror } from './incident-mirror.service';
import { IncidentSharing } from './incident-sharing';
import { IncidentRepository } from './incident.repository';
import { IncidentsService } from './incidents.service';
import { NoteRepository } from './note.repository';
import { NotesService } from './notes.service';
import { SharingStatisticsService } from './sharing-statistics.service';

/** Incidents, notes, advisories and the annual figures, mirrored into the STIX store; CasesModule reads incidents and notes through their services. */
@Module({
  imports: [PartnersModule, StixModule],
  providers: [IncidentRepository, NoteRepository, IncidentSharing, IncidentMirror, IncidentsService, NotesService, IncidentStatisticsService, SharingStatisticsService, AdvisoriesService, IncidentsResolver, AdvisoriesResolver, NotesResolver, StatisticsResolver],
  exports: [IncidentsService, NotesService, IncidentStatisticsService],
})
export class IncidentsModule {}
