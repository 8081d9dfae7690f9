/** The host-reports module's public surface. */
export { HostReportsModule } from './host-reports.module';
export { HostNetworksService, type AddNetworksResult } from './host-networks.service';
export { HostReportFeedsService, type FeedInput } from './host-report-feeds.service';
export { HostReportImportService } from './import/host-report-import.service';
export { HostImportSweeper } from './import/host-import-sweeper';
export { HostFeedPuller } from './pull/host-feed-puller';
export { HostReportsService, type HostReportFilter } from './host-reports.service';
export { fileSource, contentSource, type ImportSource } from './import/byte-sources';
export { cliHomeActor } from './cli-actor';
export { CLI_CLIENT_ID } from './host-report.options';
