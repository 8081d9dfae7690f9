import type { AppConfig } from '../config/app-config';

/** Limits of the host-report module; see docs/host-reports.md. */
export interface HostReportOptions {
  /** Largest file a feed without its own maxBytes accepts through the CLI (GraphQL is also bound by BODY_LIMIT_BYTES). */
  readonly defaultMaxBytes: number;
  /** Largest STIX feed file: a bundle is one JSON document, parsed whole (STIX_MAX_BUNDLE_BYTES). */
  readonly stixMaxBytes: number;
  /** Rows per routing statement. */
  readonly batchSize: number;
  /** Largest `first` of a page. */
  readonly maxPageSize: number;
}

export const HOST_REPORT_OPTIONS = Symbol('HOST_REPORT_OPTIONS');

/** The module's limits from the configuration (HOST_REPORTS_MAX_BYTES, HOST_REPORTS_BATCH_SIZE, STIX_MAX_BUNDLE_BYTES, MAX_PAGE_SIZE). */
export function hostReportOptions(config: AppConfig): HostReportOptions {
  return Object.freeze({
    defaultMaxBytes: config.hostReports.maxBytes,
    stixMaxBytes: config.stix.maxBundleBytes,
    batchSize: config.hostReports.batchSize,
    maxPageSize: config.maxPageSize,
  });
}

/** The actor id the CLI acts as (HOME, no API client): audited as the HOME partner with no client. */
export const CLI_CLIENT_ID = 'cli';
