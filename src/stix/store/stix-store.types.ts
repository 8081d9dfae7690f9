import type { EntityManager } from 'typeorm';
import type { ObservableValue } from '../observable-values';
import type { TlpLevel } from '../tlp.constants';

/** The channels an object can arrive by (the table's CHECK holds the same list). */
export type IngestChannel = 'graphql' | 'taxii' | 'sync' | 'cli';

/** One stored version, as the store hands it out (before redaction). Column names in camelCase. */
export interface StoredObject {
  readonly seq: string;
  readonly id: string;
  readonly type: string;
  readonly specVersion: string;
  /** The producer's strings; null for objects without them (SCOs). */
  readonly created: string | null;
  readonly modified: string | null;
  readonly revoked: boolean;
  readonly createdByRef: string | null;
  readonly labels: string[];
  readonly object: Record<string, unknown>;
  readonly tlp: TlpLevel | null;
  readonly audiencePartners: string[] | null;
  readonly audienceGroups: string[] | null;
  readonly ownerPartnerId: string;
  readonly channel: IngestChannel;
  readonly receivedAt: Date;
  readonly isLatest: boolean;
}

export interface Audience {
  /** Partner short names. */
  readonly partners?: readonly string[] | null;
  readonly groups?: readonly string[] | null;
}

export interface SubmitBundleInput {
  readonly bundle: unknown;
  readonly defaultMarking?: TlpLevel | null;
  readonly audience?: Audience | null;
  /** Store the valid objects and report the others, instead of all-or-nothing. */
  readonly partial?: boolean | null;
}

export type RejectionCode = 'INVALID' | 'FORBIDDEN' | 'REVOKED';

export interface Rejection {
  readonly index: number | null;
  readonly id: string | null;
  readonly path: string;
  readonly message: string;
  readonly code: RejectionCode;
}

export interface SubmitResult {
  readonly created: number;
  readonly newVersions: number;
  readonly duplicates: number;
  /** Objects rejected (one object may have several rejections). */
  readonly rejected: number;
  readonly rejections: Rejection[];
}

/** A version ready to be written: what the INSERT needs, computed before any write. */
export interface NewVersion {
  readonly index: number;
  readonly id: string;
  readonly type: string;
  readonly specVersion: string;
  readonly created: string | null;
  /** What goes in the timestamptz(6) column: the STIX timestamp cut to microseconds. */
  readonly modified: string;
  /** Comparison key: `modified` with exactly six fraction digits, as PostgreSQL stores it. */
  readonly modifiedKey: string;
  readonly modifiedText: string | null;
  readonly revoked: boolean;
  readonly createdByRef: string | null;
  readonly labels: string[];
  /** The object as stored (TLP markings normalised, `created_by_ref` set), as JSON text made once: what the INSERT sends. */
  readonly json: string;
  readonly tlp: TlpLevel | null;
  readonly observables: ObservableValue[];
  isLatest: boolean;
  outcome: 'created' | 'newVersion';
}

export interface StixFilter {
  readonly types?: readonly string[] | null;
  readonly createdBy?: readonly string[] | null;
  readonly labels?: readonly string[] | null;
  readonly markings?: readonly TlpLevel[] | null;
  readonly modifiedAfter?: Date | null;
  /** Only objects with a validity window (valid_from … valid_until) that holds at this time. */
  readonly validAt?: Date | null;
  /** Default false: revoked objects are left out unless asked for. */
  readonly revoked?: boolean | null;
  /** Case-insensitive substring of name or description. */
  readonly text?: string | null;
}

/** Custom properties only the creator, CLOSE partners, HOME and named partners receive. */
export const STIX_SENSITIVE_PATHS: readonly string[] = [
  'x_cx_sensitive',
  'x_cx_victim',
  'x_cx_reporter_contact',
  'extensions.*.x_cx_sensitive',
  'extensions.*.x_cx_victim',
];

/**
 * Work a caller runs inside the ingest's transaction once the result is known, before it commits (TAXII
 * writes its status resource there, so the stored objects and their status commit or vanish together).
 */
export type InIngestTransaction = (manager: EntityManager, result: SubmitResult) => Promise<void>;
