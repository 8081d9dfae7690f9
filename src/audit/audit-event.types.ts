import type { Channel } from '../common/request-context';
import type { AuditAction, AuditOutcome } from './audit-actions';
import type { JsonObject } from './canonical-form';

/** Who acted. An `Actor` fits; both ids are null for the system or an unauthenticated caller. */
export interface AuditActor {
  readonly clientId?: string | null;
  readonly partnerId?: string | null;
}

/** What a caller records. Channel, request id and source address default from the request context. */
export interface AuditEventInput {
  readonly action: AuditAction;
  readonly outcome: AuditOutcome;
  readonly actor?: AuditActor | null;
  /** Ids of the objects acted on (STIX ids, case ids, partner ids). */
  readonly targetIds?: readonly string[];
  /** Before/after for admin changes, a stated purpose for police pulls. Never secrets or payloads. */
  readonly details?: Readonly<Record<string, unknown>>;
  readonly channel?: Channel;
  readonly requestId?: string | null;
  readonly sourceAddress?: string | null;
}

/** One stored event, as the chain hashes it and as queries return it. */
export interface AuditEvent {
  /** Position in the chain, from 1, without gaps. A JS number: exact up to 2^53 events. */
  readonly sequence: number;
  /** ISO 8601 UTC with microseconds, e.g. 2026-11-25T17:04:08.123456Z. */
  readonly time: string;
  readonly actorClientId: string | null;
  readonly partnerId: string | null;
  readonly action: string;
  readonly channel: Channel;
  readonly requestId: string | null;
  readonly sourceAddress: string | null;
  readonly outcome: AuditOutcome;
  readonly targetIds: readonly string[];
  readonly details: JsonObject;
  /** Hex SHA-256 of the previous event (64 zeros before the first). */
  readonly prevHash: string;
  /** Hex SHA-256(prevHash bytes || canonical form of this event). */
  readonly hash: string;
}

/** Search filter: every given field must match. `from` is inclusive, `to` exclusive. */
export interface AuditFilter {
  readonly actorClientId?: string;
  readonly partnerId?: string;
  readonly action?: string;
  /** An object id the event's targets include. */
  readonly target?: string;
  readonly from?: Date;
  readonly to?: Date;
  readonly outcome?: string;
}

export type ChainBreak = 'hash mismatch' | 'sequence gap' | 'prev_hash mismatch' | 'anchor mismatch' | 'truncated after anchor';

export type VerifyResult =
  | { readonly ok: true; readonly count: number; readonly headSequence: number; readonly headHash: string; readonly anchorsChecked: number }
  | { readonly ok: false; readonly brokenAt: number; readonly reason: ChainBreak; readonly expected: string; readonly actual: string };

/** A copy of the chain head kept outside the chain. */
export interface AuditAnchor {
  readonly sequence: number;
  readonly hash: string;
  readonly eventTime: string;
}
