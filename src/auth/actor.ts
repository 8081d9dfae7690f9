/** Trust levels, lowest first: the order matters (a rank comparison decides visibility). */
export const TRUST_LEVELS = ['PUBLIC', 'COMMUNITY', 'TRUSTED', 'CLOSE'] as const;
export type TrustLevel = (typeof TRUST_LEVELS)[number];

export const PARTNER_KINDS = ['HOME', 'CERT', 'LAW_ENFORCEMENT', 'GOVERNMENT', 'ISP', 'REGISTRY', 'OTHER'] as const;
export type PartnerKind = (typeof PARTNER_KINDS)[number];

export const ROLES = ['ADMIN', 'ANALYST', 'LIAISON', 'SYNC', 'READER'] as const;
export type Role = (typeof ROLES)[number];

export function trustRank(level: TrustLevel): number {
  return TRUST_LEVELS.indexOf(level);
}

/**
 * Who is asking: an authenticated API client of a partner, resolved fresh for each request (so a trust
 * change or a suspension applies at once). Every policy decision and audit event starts from this.
 */
export interface Actor {
  readonly clientId: string;
  readonly partnerId: string;
  readonly partnerShortName: string;
  readonly partnerKind: PartnerKind;
  readonly trust: TrustLevel;
  /** Names of the sharing groups the partner belongs to (e.g. APCERT, HK-CII). */
  readonly groups: readonly string[];
  readonly roles: readonly Role[];
  /** The partner's STIX identity id: the created_by_ref of what it submits. */
  readonly identityRef: string;
  /** False for a suspended partner or client: such an actor sees nothing. */
  readonly active: boolean;
}
