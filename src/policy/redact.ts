import { type Actor, trustRank } from '../auth/actor';
import { isCreator, isHomeActor, isNamedInAudience } from './can-see';
import type { Shareable } from './shareable';
import { SHARING_RULES } from './sharing-rules';

export interface Redacted<T> {
  /** What every channel (GraphQL, TAXII, sync, exports) returns: never the unredacted row. */
  readonly value: T;
  /** Concrete paths removed (e.g. `extensions.x-cert-ext.contact`), for the audit trail's read record. */
  readonly redactedPaths: string[];
}

/**
 * Sensitive fields are for: the creator, HOME, partners trusted CLOSE, and partners the creator named
 * in the audience by id. Naming a group shares the object, not its sensitive fields: a group is broad
 * and changes members without the creator deciding again. A suspended actor gets none.
 */
export function canSeeSensitive(actor: Actor, sharing: Shareable): boolean {
  if (!actor.active) return false;
  return (
    isCreator(actor, sharing) ||
    isHomeActor(actor) ||
    trustRank(actor.trust) >= trustRank(SHARING_RULES.sensitiveFieldsMinTrust) ||
    isNamedInAudience(actor, sharing)
  );
}

function copyOf<T extends object>(value: T): T {
  // Keep the prototype so an entity or class instance stays what it was.
  return Array.isArray(value) ? ([...value] as T) : Object.assign(Object.create(Object.getPrototypeOf(value) as object) as T, value);
}

/**
 * Removes `segments` below `value`, copying only the containers on the way (the input is never
 * modified). `*` matches every key of an object or every element of an array.
 */
function strip(value: unknown, segments: readonly string[], at: string, removed: string[]): unknown {
  if (segments.length === 0 || value === null || typeof value !== 'object') return value;
  const [head, ...rest] = segments;
  const keys = Object.keys(value).filter((k) => head === '*' || k === head);
  if (keys.length === 0) return value;
  const path = (k: string): string => (at ? `${at}.${k}` : k);
  if (Array.isArray(value)) {
    if (rest.length === 0) {
      keys.forEach((k) => removed.push(path(k)));
      const drop = new Set(keys.map(Number));
      return value.filter((_, i) => !drop.has(i));
    }
    let changed = false;
    const next = value.map((item, i) => {
      if (!keys.includes(String(i))) return item;
      const stripped = strip(item, rest, path(String(i)), removed);
      changed ||= stripped !== item;
      return stripped;
    });
    return changed ? next : value;
  }
  const record = value as Record<string, unknown>;
  let copy: Record<string, unknown> | undefined;
  for (const key of keys) {
    if (rest.length === 0) {
      if (record[key] === undefined) continue; // absent: nothing was withheld
      copy ??= copyOf(record);
      delete copy[key];
      removed.push(path(key));
    } else {
      const stripped = strip(record[key], rest, path(key), removed);
      if (stripped !== record[key]) (copy ??= copyOf(record))[key] = stripped;
    }
  }
  return copy ?? value;
}

/**
 * Removes the sensitive fields `sharing` does not let this actor see from `value`. Paths are dot
 * separated (`reporter.contact`, `extensions.*.x_victim`); `*` matches any key or array element. Only
 * fields actually present are listed. Callers check `canSee` first: redaction is not access control.
 */
export function redactWith<T>(actor: Actor, sharing: Shareable, value: T, sensitivePaths: readonly string[]): Redacted<T> {
  if (sensitivePaths.length === 0 || canSeeSensitive(actor, sharing)) return { value, redactedPaths: [] };
  const removed: string[] = [];
  let result: unknown = value;
  for (const path of sensitivePaths) result = strip(result, path.split('.'), '', removed);
  return { value: result as T, redactedPaths: [...new Set(removed)] };
}

/** `redactWith` for a row that carries its own sharing columns. */
export function redact<T extends Shareable>(actor: Actor, row: T, sensitivePaths: readonly string[]): Redacted<T> {
  return redactWith(actor, row, row, sensitivePaths);
}
