import { PARTNER_KINDS, ROLES, TRUST_LEVELS, type PartnerKind, type Role, type TrustLevel } from '../auth/actor';
import { AppError, type ProblemDetail } from '../common/errors/app-error';

export interface NewPartner {
  name: string;
  shortName: string;
  kind: PartnerKind;
  trust: TrustLevel;
  groups?: string[];
  country?: string | null;
}

export interface PartnerChanges {
  name?: string;
  shortName?: string;
  trust?: TrustLevel;
  groups?: string[];
  country?: string | null;
}

const SHORT_NAME = /^[A-Za-z0-9][A-Za-z0-9/_.-]{0,31}$/;
const GROUP = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

/** Shared by GraphQL and the CLI: every problem at once, each naming its field. */
export function checkNewPartner(input: NewPartner): NewPartner {
  const problems: ProblemDetail[] = [];
  if (!input.name?.trim() || input.name.length > 200) problems.push({ path: 'name', message: 'must be 1-200 characters' });
  if (!SHORT_NAME.test(input.shortName ?? '')) problems.push({ path: 'shortName', message: 'must be 1-32 letters, digits or / _ . - (e.g. JPCERT/CC)' });
  if (!PARTNER_KINDS.includes(input.kind)) problems.push({ path: 'kind', message: `must be one of ${PARTNER_KINDS.join(', ')}` });
  if (!TRUST_LEVELS.includes(input.trust)) problems.push({ path: 'trust', message: `must be one of ${TRUST_LEVELS.join(', ')}` });
  problems.push(...checkCommon(input));
  if (input.kind === 'HOME' && input.trust !== 'CLOSE') problems.push({ path: 'trust', message: 'the HOME partner always has CLOSE trust' });
  if (problems.length) throw AppError.invalid(problems, 'invalid partner');
  return { ...input, name: input.name.trim(), groups: dedupe(input.groups ?? []), country: input.country ?? null };
}

export function checkPartnerChanges(changes: PartnerChanges): PartnerChanges {
  const problems: ProblemDetail[] = [];
  if (changes.name !== undefined && (!changes.name.trim() || changes.name.length > 200)) problems.push({ path: 'name', message: 'must be 1-200 characters' });
  if (changes.shortName !== undefined && !SHORT_NAME.test(changes.shortName)) problems.push({ path: 'shortName', message: 'must be 1-32 letters, digits or / _ . - (e.g. JPCERT/CC)' });
  if (changes.trust !== undefined && !TRUST_LEVELS.includes(changes.trust)) problems.push({ path: 'trust', message: `must be one of ${TRUST_LEVELS.join(', ')}` });
  problems.push(...checkCommon(changes));
  if (problems.length) throw AppError.invalid(problems, 'invalid partner change');
  return { ...changes, ...(changes.groups ? { groups: dedupe(changes.groups) } : {}) };
}

export function checkRoles(roles: readonly string[]): Role[] {
  const unknown = roles.filter((r) => !ROLES.includes(r as Role));
  if (roles.length === 0 || unknown.length) {
    throw AppError.invalid([{ path: 'roles', message: `must be one or more of ${ROLES.join(', ')}${unknown.length ? ` (unknown: ${unknown.join(', ')})` : ''}` }]);
  }
  return dedupe(roles) as Role[];
}

function checkCommon(input: { groups?: string[]; country?: string | null }): ProblemDetail[] {
  const problems: ProblemDetail[] = [];
  (input.groups ?? []).forEach((g, i) => {
    if (!GROUP.test(g)) problems.push({ path: `groups[${i}]`, message: 'must be 1-64 letters, digits or _ . - (e.g. APCERT, HK-CII)' });
  });
  if (input.country != null && !/^[A-Z]{2}$/.test(input.country)) problems.push({ path: 'country', message: 'must be an ISO 3166 two-letter code such as HK' });
  return problems;
}

function dedupe<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}
