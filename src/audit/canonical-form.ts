import { createHash } from 'node:crypto';

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** The prev_hash of the first event: 32 zero bytes. */
export const GENESIS_HASH = '0'.repeat(64);

/** Bumped if the canonical form ever changes; hashed with every event so old and new never collide. */
export const CANONICAL_VERSION = 1;

/**
 * Deterministic JSON (RFC 8785 / JCS for the values we store): object keys sorted by UTF-16 code units,
 * no whitespace, strings and finite numbers serialised as JSON.stringify does. jsonb reorders keys and
 * drops duplicates, so the form must not depend on the order a value was built or read back in.
 */
export function canonicalJson(value: JsonValue): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error('canonical JSON has no form for a non-finite number');
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const keys = Object.keys(value).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k] as JsonValue)}`).join(',')}}`;
}

/** The stored fields of an event that the chain covers: all of them but the two hashes. */
export interface HashedFields {
  readonly sequence: number;
  readonly time: string;
  readonly actorClientId: string | null;
  readonly partnerId: string | null;
  readonly action: string;
  readonly channel: string;
  readonly requestId: string | null;
  readonly sourceAddress: string | null;
  readonly outcome: string;
  readonly targetIds: readonly string[];
  readonly details: JsonObject;
}

/**
 * The canonical form of one event: canonicalJson of
 * `{v, sequence (decimal string), time (YYYY-MM-DDTHH:MM:SS.ffffffZ), actorClientId, partnerId, action,
 * channel, requestId, sourceAddress, outcome, targetIds (stored order), details}`, absent values null.
 */
export function canonicalEvent(e: HashedFields): string {
  return canonicalJson({
    v: CANONICAL_VERSION,
    sequence: String(e.sequence),
    time: e.time,
    actorClientId: e.actorClientId,
    partnerId: e.partnerId,
    action: e.action,
    channel: e.channel,
    requestId: e.requestId,
    sourceAddress: e.sourceAddress,
    outcome: e.outcome,
    targetIds: [...e.targetIds],
    details: e.details,
  });
}

/** hex SHA-256(prev hash as 32 raw bytes || UTF-8 canonical form). */
export function chainHash(prevHashHex: string, e: HashedFields): string {
  if (!/^[0-9a-f]{64}$/.test(prevHashHex)) throw new Error('prev hash must be 64 lowercase hex digits');
  return createHash('sha256').update(Buffer.from(prevHashHex, 'hex')).update(canonicalEvent(e), 'utf8').digest('hex');
}
