import type { JsonObject, JsonValue } from './canonical-form';

/** Refused rather than cut: an audit event that silently lost half its details would mislead. */
export const MAX_DETAILS_BYTES = 16 * 1024;
export const MAX_DETAILS_DEPTH = 8;
export const REDACTED = '[redacted]';

/** A key whose name contains any of these (case and punctuation ignored) is dropped with its value. */
const SECRET_KEY_PARTS = ['secret', 'password', 'passwd', 'passphrase', 'token', 'authorization', 'assertion', 'apikey', 'privatekey', 'cookie', 'jwt'];

/** Values that are credentials whatever key they sit under: bearer headers, JWS/JWT, PEM private keys. */
const SECRET_VALUES = [/^\s*bearer\s+\S/i, /^eyJ[\w-]{4,}\.[\w-]{4,}\.[\w-]*$/, /-----BEGIN [A-Z ]*PRIVATE KEY-----/];

/** A programming error in what a caller tried to record. Not an AppError: its text never reaches a client. */
export class AuditRecordError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AuditRecordError';
  }
}

export function isSecretKey(key: string): boolean {
  const normalised = key.toLowerCase().replace(/[^a-z0-9]/g, '');
  return SECRET_KEY_PARTS.some((part) => normalised.includes(part));
}

/**
 * PostgreSQL text and jsonb refuse NUL and lone UTF-16 surrogates; replacing them here keeps the value
 * we hash identical to the value read back.
 */
export function cleanText(value: string): string {
  // eslint-disable-next-line no-control-regex -- matching NUL is the point
  return value.replace(/\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
}

function clean(value: unknown, depth: number): JsonValue | undefined {
  if (depth > MAX_DETAILS_DEPTH) throw new AuditRecordError(`audit details nest deeper than ${MAX_DETAILS_DEPTH} levels`);
  if (value === null) return null;
  switch (typeof value) {
    case 'string': {
      const text = cleanText(value);
      return SECRET_VALUES.some((pattern) => pattern.test(text)) ? REDACTED : text;
    }
    case 'number':
      return Number.isFinite(value) ? value : null;
    case 'boolean':
      return value;
    case 'bigint':
      return value.toString();
    case 'object':
      break;
    default:
      return undefined; // functions, symbols, undefined: JSON drops them too
  }
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return '[binary]';
  if (Array.isArray(value)) return value.map((item) => clean(item, depth + 1) ?? null);
  const out: JsonObject = {};
  for (const [key, item] of Object.entries(value)) {
    if (isSecretKey(key)) continue;
    const cleaned = clean(item, depth + 1);
    if (cleaned !== undefined) out[cleanText(key)] = cleaned;
  }
  return out;
}

/**
 * Makes details safe to keep forever: drops secret-looking keys, redacts credential-looking values,
 * reduces the rest to plain JSON, and refuses anything over MAX_DETAILS_BYTES (a payload, not a note).
 */
export function sanitiseDetails(details: Readonly<Record<string, unknown>> | undefined): JsonObject {
  if (details === undefined || details === null) return {};
  if (typeof details !== 'object' || Array.isArray(details)) throw new AuditRecordError('audit details must be an object');
  const cleaned = clean(details, 0) as JsonObject;
  const bytes = Buffer.byteLength(JSON.stringify(cleaned), 'utf8');
  if (bytes > MAX_DETAILS_BYTES) {
    throw new AuditRecordError(`audit details of ${bytes} bytes exceed the ${MAX_DETAILS_BYTES}-byte limit: record ids and a summary, not a payload`);
  }
  return cleaned;
}

export const MAX_TARGETS = 1000;
export const MAX_TARGET_LENGTH = 256;

export function sanitiseTargets(targetIds: readonly string[] | undefined): string[] {
  const targets = targetIds ?? [];
  if (targets.length > MAX_TARGETS) throw new AuditRecordError(`an audit event may name at most ${MAX_TARGETS} targets (got ${targets.length})`);
  return targets.map((id) => {
    if (typeof id !== 'string' || id.length === 0 || id.length > MAX_TARGET_LENGTH) {
      throw new AuditRecordError(`audit target ids must be 1 to ${MAX_TARGET_LENGTH} characters`);
    }
    return cleanText(id);
  });
}

/** Short identifying strings (ids, addresses): cleaned, and cut to `max` since they are never payloads. */
export function sanitiseShort(value: string | null | undefined, max: number): string | null {
  if (value === undefined || value === null || value === '') return null;
  return cleanText(String(value).slice(0, max));
}
