import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { PartnersModule } from '../partners/partners.module';
import { StixSightingsResolver } from './graphql/stix-sightings.resolver';
import { StixResolver } from './graphql/stix.resolver';
import { StixIngestService } from './store/stix-ingest.service';
import { StixObjectRepository } from './store/stix-object.repository';
import { StixQueryService } from './store/stix-query.service';
import { StixSightingsService } from './store/stix-sightings.service';
import { StixStoreService } from './store/stix-store.service';
import { StixTaxiiQueryService } from './store/stix-taxii-query.service';
import { StixTaxiiRepository } from './store/stix-taxii.repository';
import { StixEventListener } from './subscriptions/stix-event-listener.service';
import { StixSubscriptionService } from './subscriptions/stix-subscriptions.service';

/** The STIX object store, its GraphQL API and live subscriptions. Other modules (TAXII, sync, incidents) use StixStoreService. */
@Module({
  imports: [PartnersModule, AuthModule],
  providers: [StixObjectRepository, StixIngestService, StixQueryService, StixStoreService, StixResolver, StixSightingsService, StixSightingsResolver, StixTaxiiRepository, StixTaxiiQueryService, StixEventListener, StixSubscriptionService],
  exports: [StixStoreService, StixTaxiiQueryService],
})
export class StixModule {}
