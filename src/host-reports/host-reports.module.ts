import { Module } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module';
import { DatabaseModule } from '../database/database.module';
import { PartnersModule } from '../partners/partners.module';
import { HostNetworksResolver } from './graphql/host-networks.resolver';
import { HostReportsResolver } from './graphql/host-reports.resolver';
import { HostFeedRepository } from './host-feed.repository';
import { HostImportRepository } from './host-import.repository';
import { HostNetworkRepository } from './host-network.repository';
import { HostNetworksService } from './host-networks.service';
import { HostReportDigestController } from './host-report-digest.controller';
import { HostReportFeedsService } from './host-report-feeds.service';
import { HostReportStatisticsRepository } from './host-report-statistics.repository';
import { HostReportRepository } from './host-report.repository';
import { HOST_REPORT_OPTIONS, hostReportOptions } from './host-report.options';
import { HostReportsService } from './host-reports.service';
import { HostImportSweeper } from './import/host-import-sweeper';
import { HostReportImportService } from './import/host-report-import.service';
import { HostFeedPuller } from './pull/host-feed-puller';

/** Compromised-host reports routed to the owners of networks (docs/host-reports.md). Repositories stay private. */
@Module({
  imports: [DatabaseModule, PartnersModule],
  controllers: [HostReportDigestController],
  providers: [
    { provide: HOST_REPORT_OPTIONS, useFactory: hostReportOptions, inject: [APP_CONFIG] },
    HostNetworkRepository,
    HostFeedRepository,
    HostImportRepository,
    HostReportRepository,
    HostReportStatisticsRepository,
    HostNetworksService,
    HostReportFeedsService,
    HostReportImportService,
    HostImportSweeper,
    HostFeedPuller,
    HostReportsService,
    HostNetworksResolver,
    HostReportsResolver,
  ],
  exports: [HostNetworksService, HostReportFeedsService, HostReportImportService, HostImportSweeper, HostFeedPuller, HostReportsService],
})
export class HostReportsModule {}
