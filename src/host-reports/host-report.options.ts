/** Limits of the host-report module; see docs/host-reports.md. */
export interface HostReportOptions {
  /** Largest file a feed without its own maxBytes accepts through the CLI (GraphQL is also bound by BODY_LIMIT_BYTES). */
  readonly defaultMaxBytes: number;
  /** Rows per routing statement. */
  readonly batchSize: number;
  /** Largest `first` of a page. */
  readonly maxPageSize: number;
}

export const HOST_REPORT_OPTIONS = Symbol('HOST_REPORT_OPTIONS');

export const DEFAULT_HOST_REPORT_OPTIONS: HostReportOptions = Object.freeze({
  defaultMaxBytes: 1024 * 1024 * 1024,
  batchSize: 5000,
  maxPageSize: 500,
});

/** The actor id the CLI acts as (HOME, no API client): audited as the HOME partner with no client. */
export const CLI_CLIENT_ID = 'cli';
