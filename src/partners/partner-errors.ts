import { AppError } from '../common/errors/app-error';

/** Partner-domain failures, each with the code a client sees. */
export const PartnerErrors = {
  notFound: (shortName: string) => AppError.notFound('partner', shortName),
  clientNotFound: (clientId: string) => AppError.notFound('client', clientId),
  homeExists: () => AppError.conflict('a HOME partner already exists: there is exactly one, the operator of this exchange'),
  shortNameTaken: (shortName: string) => AppError.conflict(`short name ${shortName} is already taken`),
  adminOutsideHome: () => AppError.badInput('the ADMIN role is for HOME clients only', { argument: 'roles' }),
  homeCannotBeSuspended: () => AppError.badInput('the HOME partner cannot be suspended'),
  homeTrustFixed: () => AppError.badInput('the HOME partner always has CLOSE trust'),
  invalidJwks: (why: string) => AppError.badInput(`jwks: ${why}`, { argument: 'jwks' }),
};
