import type { Actor } from '../../src/auth/actor';
import type { Shareable } from '../../src/policy';

export const ME = '11111111-1111-4111-8111-111111111111';
export const OTHER = '22222222-2222-4222-8222-222222222222';

/** An active CERT partner at TRUSTED, in the APCERT group; override what the test is about. */
export function anActor(overrides: Partial<Actor> = {}): Actor {
  return {
    clientId: 'client-1',
    partnerId: ME,
    partnerShortName: 'TESTCERT',
    partnerKind: 'CERT',
    trust: 'TRUSTED',
    groups: ['APCERT'],
    roles: ['ANALYST'],
    identityRef: 'identity--11111111-1111-4111-8111-111111111111',
    active: true,
    ...overrides,
  };
}

/** A TLP:AMBER object of another partner with no audience. */
export function aRow(overrides: Partial<Shareable> = {}): Shareable {
  return { tlp: 'AMBER', audiencePartners: null, audienceGroups: null, ownerPartnerId: OTHER, ...overrides };
}
