import { Module } from '@nestjs/common';
import { PartnersModule } from '../partners/partners.module';
import { StixModule } from '../stix/stix.module';
import { PeersResolver } from './graphql/peers.resolver';
import { PeersService } from './peers.service';
import { QuarantineService } from './quarantine.service';
import { SyncMetrics } from './sync-metrics';
import { SyncPullService } from './sync-pull.service';
import { SyncPushService } from './sync-push.service';
import { SyncRunner } from './sync-runner.service';
import { SyncStatusService } from './sync-status.service';
import { SyncRepository } from './sync.repository';

/** Peer synchronisation over TAXII 2.1 (docs/sync.md). Jobs come from the global JobsModule. */
@Module({
  imports: [PartnersModule, StixModule],
  providers: [SyncRepository, PeersService, SyncPullService, SyncPushService, SyncRunner, SyncStatusService, QuarantineService, SyncMetrics, PeersResolver],
  exports: [SyncRunner, PeersService, SyncStatusService],
})
export class SyncModule {}
