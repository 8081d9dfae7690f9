/**
 * TLP 2.0 levels, least restrictive first: the order is the "looser / tighter" order used when a
 * marking changes.
 */
import { TLP_LEVELS, type TlpLevel } from '../stix/tlp.constants';

// One definition of the levels, the STIX library's; the policy adds the ranking and the default.
export { TLP_LEVELS, type TlpLevel };

/** What an object without a marking is treated as, unless configured otherwise. */
export const DEFAULT_TLP: TlpLevel = 'AMBER';

export function isTlpLevel(value: unknown): value is TlpLevel {
  return typeof value === 'string' && (TLP_LEVELS as readonly string[]).includes(value);
}

/**
 * Rank of a marking, 0 = CLEAR. A value outside the five levels (a bad row) ranks as RED, so a stray
 * string fails closed everywhere.
 */
export function tlpRank(level: string): number {
  const rank = (TLP_LEVELS as readonly string[]).indexOf(level);
  return rank < 0 ? TLP_LEVELS.length - 1 : rank;
}

/** Validates a configured default (e.g. from the environment) once, at start-up. */
export function assertTlpLevel(value: unknown, what = 'default TLP'): TlpLevel {
  if (!isTlpLevel(value)) {
    throw new Error(`${what} must be one of ${TLP_LEVELS.join(', ')} (got ${JSON.stringify(value)})`);
  }
  return value;
}
