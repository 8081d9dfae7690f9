import { AppError } from '../common/errors/app-error';

/**
 * One answer for every credential failure (unknown client, wrong secret, bad signature, expired, replayed,
 * suspended): telling them apart would help an attacker more than it helps a partner. The reason goes to
 * the audit trail, not to the caller.
 */
export class AuthFailure extends Error {
  constructor(readonly reason: string, readonly clientId?: string) {
    super(reason);
    this.name = 'AuthFailure';
  }
}

export const INVALID_TOKEN = 'invalid or expired token';

export function unauthenticated(): AppError {
  return AppError.unauthenticated(INVALID_TOKEN);
}
