import { Module } from '@nestjs/common';
import { PartnersModule } from '../partners/partners.module';
import { StixResolver } from './graphql/stix.resolver';
import { StixIngestService } from './store/stix-ingest.service';
import { StixObjectRepository } from './store/stix-object.repository';
import { StixQueryService } from './store/stix-query.service';
import { StixStoreService } from './store/stix-store.service';

/** The STIX object store and its GraphQL API. Other modules (TAXII, sync, incidents) use StixStoreService. */
@Module({
  imports: [PartnersModule],
  providers: [StixObjectRepository, StixIngestService, StixQueryService, StixStoreService, StixResolver],
  exports: [StixStoreService],
})
export class StixModule {}
