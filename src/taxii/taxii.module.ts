import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { StixModule } from '../stix/stix.module';
import { SyncOriginsModule } from '../sync/sync-origins.module';
import { TaxiiCollectionsResolver } from './graphql/taxii-collections.resolver';
import { TaxiiAuthenticator } from './taxii-auth.service';
import { TaxiiCollectionRepository } from './taxii-collection.repository';
import { TaxiiRoutes } from './taxii-routes';
import { TaxiiStatusRepository } from './taxii-status.repository';
import { TaxiiService } from './taxii.service';

/** The TAXII 2.1 server under /taxii2 (docs/taxii.md): the STIX store's policy, redaction and ingest, over TAXII. */
@Module({
  imports: [AuthModule, StixModule, SyncOriginsModule],
  providers: [TaxiiService, TaxiiStatusRepository, TaxiiCollectionRepository, TaxiiCollectionsResolver, TaxiiAuthenticator, TaxiiRoutes],
})
export class TaxiiModule {}
