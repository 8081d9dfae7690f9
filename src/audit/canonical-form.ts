import { hash } from 'node:crypto';

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
  // The same string canonicalJson would give for this object (keys written in sorted order by hand: this
  // runs once per event on the append path, where sorting keys each time is measurable).
  const str = JSON.stringify;
  return (
    `{"action":${str(e.action)},"actorClientId":${str(e.actorClientId)},"channel":${str(e.channel)},` +
    `"details":${canonicalJson(e.details)},"outcome":${str(e.outcome)},"partnerId":${str(e.partnerId)},` +
    `"requestId":${str(e.requestId)},"sequence":"${e.sequence}","sourceAddress":${str(e.sourceAddress)},` +
    `"targetIds":${str(e.targetIds)},"time":${str(e.time)},"v":${CANONICAL_VERSION}}`
  );
}

/** hex SHA-256(prev hash as 32 raw bytes || UTF-8 canonical form). */
export function chainHash(prevHashHex: string, e: HashedFields): string {
  if (!/^[0-9a-f]{64}$/.test(prevHashHex)) throw new Error('prev hash must be 64 lowercase hex digits');
  const canonical = canonicalEvent(e);
  const input = Buffer.allocUnsafe(32 + Buffer.byteLength(canonical, 'utf8'));
  input.write(prevHashHex, 0, 32, 'hex');
  input.write(canonical, 32, 'utf8');
  return hash('sha256', input, 'hex');
}
