import type { FeedFormat, FeedMapping, ThreatMap } from './parsing/feed-config';

/** Table rows as the repositories return them (never exposed: the GraphQL mapper picks fields). */
export const REPORT_STATUSES = ['NEW', 'NOTIFIED', 'REMEDIATED', 'FALSE_POSITIVE'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

export const IMPORT_STATUSES = ['RUNNING', 'SUCCEEDED', 'PARTIAL', 'FAILED'] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

export interface NetworkRow {
  readonly id: string;
  readonly partnerId: string;
  readonly partnerShortName: string;
  readonly prefix: string | null;
  readonly asn: number | null;
  readonly createdAt: Date;
}

export interface FeedRow {
  readonly id: string;
  readonly name: string;
  readonly format: FeedFormat;
  readonly mapping: FeedMapping;
  readonly threatMap: ThreatMap;
  readonly partial: boolean;
  readonly maxBytes: number | null;
  /** Pulled from here (http or https) by `pullHostReportFeed` and on `schedule`. */
  readonly url: string | null;
  /** Cron (five fields, UTC) of scheduled pulls; needs `url`. */
  readonly schedule: string | null;
  /** A header sent with each pull, its value read from the environment variable `authEnv` at pull time. */
  readonly authHeader: string | null;
  readonly authEnv: string | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export interface ImportCounts {
  rowsRead: number;
  accepted: number;
  duplicates: number;
  unrouted: number;
  rejected: number;
}

export interface ImportProblem {
  readonly line: number;
  readonly message: string;
}

export interface ImportRow extends ImportCounts {
  readonly id: string;
  readonly feedName: string;
  readonly status: ImportStatus;
  readonly channel: string;
  readonly fileName: string | null;
  readonly bytes: number;
  readonly problems: ImportProblem[];
  readonly startedAt: Date;
  readonly finishedAt: Date | null;
}

export interface ReportRowStored {
  readonly id: string;
  readonly ip: string;
  readonly threat: string;
  readonly day: string;
  readonly firstSeen: Date;
  readonly lastSeen: Date;
  readonly count: number;
  readonly sources: string[];
  readonly port: number | null;
  readonly asn: number | null;
  readonly hostname: string | null;
  readonly url: string | null;
  readonly ownerPartnerId: string | null;
  readonly ownerShortName: string | null;
  readonly routedBy: 'PREFIX' | 'ASN' | null;
  readonly status: ReportStatus;
  readonly statusChangedAt: Date | null;
  readonly remediatedAt: Date | null;
  readonly createdAt: Date;
}
