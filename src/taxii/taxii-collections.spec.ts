import type { Actor } from '../auth/actor';
import { accessOf, DEFAULT_COLLECTIONS, withIds } from './taxii-collections';

const actor = (overrides: Partial<Actor>): Actor => ({
  clientId: 'c',
  partnerId: '00000000-0000-4000-8000-000000000001',
  partnerShortName: 'P',
  partnerKind: 'CERT',
  trust: 'TRUSTED',
  groups: [],
  roles: ['ANALYST'],
  identityRef: 'identity--00000000-0000-4000-8000-000000000001',
  active: true,
  ...overrides,
});

describe('TAXII collections', () => {
  const collections = withIds(DEFAULT_COLLECTIONS);
  const byName = (name: string) => collections.find((c) => c.name === name)!;

  it('has the four default views with stable, distinct UUID ids', () => {
    expect(collections.map((c) => c.name)).toEqual(['indicators', 'advisories', 'incidents', 'all']);
    expect(new Set(collections.map((c) => c.id)).size).toBe(4);
    for (const c of collections) expect(c.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(withIds(DEFAULT_COLLECTIONS).map((c) => c.id)).toEqual(collections.map((c) => c.id));
  });

  it('grants rights by partner kind, writing only to roles that may submit', () => {
    expect(accessOf(actor({}), byName('all'))).toEqual({ canRead: true, canWrite: true });
    expect(accessOf(actor({ roles: ['READER'] }), byName('all'))).toEqual({ canRead: true, canWrite: false });
    expect(accessOf(actor({ partnerKind: 'ISP' }), byName('incidents'))).toEqual({ canRead: false, canWrite: false });
    expect(accessOf(actor({ partnerKind: 'CERT' }), byName('advisories'))).toEqual({ canRead: true, canWrite: false });
    expect(accessOf(actor({ partnerKind: 'HOME', roles: ['SYNC'] }), byName('advisories'))).toEqual({ canRead: true, canWrite: true });
  });

  it('gives a suspended actor nothing', () => {
    expect(accessOf(actor({ active: false, partnerKind: 'HOME' }), byName('all'))).toEqual({ canRead: false, canWrite: false });
  });
});
