import { Module } from '@nestjs/common';
import { IncidentsModule } from '../incidents';
import { PartnersModule } from '../partners/partners.module';
import { StixModule } from '../stix/stix.module';
import { CaseRepository } from './case.repository';
import { CasesService } from './cases.service';
import { CasesResolver } from './graphql/cases.resolver';

/** Police liaison cases: referrals, frozen evidence, purpose-stated reads and verifiable exports. */
@Module({
  imports: [IncidentsModule, PartnersModule, StixModule],
  providers: [CaseRepository, CasesService, CasesResolver],
})
export class CasesModule {}
