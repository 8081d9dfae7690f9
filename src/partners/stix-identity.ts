import { randomUUID } from 'node:crypto';
import type { PartnerKind } from '../auth/actor';

const IDENTITY_CLASS: Record<PartnerKind, string> = {
  HOME: 'organization',
  CERT: 'organization',
  LAW_ENFORCEMENT: 'organization',
  GOVERNMENT: 'organization',
  ISP: 'organization',
  REGISTRY: 'organization',
  OTHER: 'organization',
};

const SECTORS: Partial<Record<PartnerKind, string[]>> = {
  GOVERNMENT: ['government'],
  LAW_ENFORCEMENT: ['government'],
  ISP: ['telecommunications'],
  REGISTRY: ['technology'],
};

/** A partner's STIX 2.1 identity: the created_by_ref of everything it submits. */
export function partnerIdentity(name: string, kind: PartnerKind, now = new Date()): Record<string, unknown> {
  const timestamp = now.toISOString();
  const sectors = SECTORS[kind];
  return {
    type: 'identity',
    spec_version: '2.1',
    id: `identity--${randomUUID()}`,
    created: timestamp,
    modified: timestamp,
    name,
    identity_class: IDENTITY_CLASS[kind],
    ...(sectors ? { sectors } : {}),
  };
}
