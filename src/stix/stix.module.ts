import { Module } from '@nestjs/common';
import { PartnersModule } from '../partners/partners.module';
import { StixResolver } from './graphql/stix.resolver';
import { StixIngestService } from './store/stix-ingest.service';
import { StixObjectRepository } from './store/stix-object.repository';
import { StixQueryService } from './store/stix-query.service';
import { StixStoreService } from './store/stix-store.service';
import { StixTaxiiQueryService } from './store/stix-taxii-query.service';
import { StixTaxiiRepository } from './store/stix-taxii.repository';

/** The STIX object store and its GraphQL API. Other modules (TAXII, sync, incidents) use StixStoreService. */
@Module({
  imports: [PartnersModule],
  providers: [StixObjectRepository, StixIngestService, StixQueryService, StixStoreService, StixResolver, StixTaxiiRepository, StixTaxiiQueryService],
  exports: [StixStoreService, StixTaxiiQueryService],
})
export class StixModule {}
