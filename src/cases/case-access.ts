import type { Actor } from '../auth/actor';
import { AppError } from '../common/errors/app-error';

/** The longest stated purpose kept in the chain of custody. */
export const MAX_PURPOSE_LENGTH = 500;

/** Why a case read or export was refused, for the audit trail; the caller sees FORBIDDEN or NOT_FOUND. */
export type CaseDenial = 'no-purpose' | 'not-granted' | 'closed';

/**
 * Whose cases an actor reads: HOME all of them (null), anyone else only those granted to its own
 * client id. RLS already limits a partner to the cases referred to it.
 */
export function caseScope(actor: Actor, isHome: boolean): string | null {
  return isHome ? null : actor.clientId;
}

/** A purpose is a sentence for the court record, not a checkbox: blank is the same as missing. */
export function checkPurpose(purpose: string | null | undefined): string | null {
  const trimmed = (purpose ?? '').trim();
  if (trimmed.length === 0) return null;
  if (trimmed.length > MAX_PURPOSE_LENGTH) throw AppError.badInput(`purpose must be at most ${MAX_PURPOSE_LENGTH} characters`, { argument: 'purpose' });
  return trimmed;
}
