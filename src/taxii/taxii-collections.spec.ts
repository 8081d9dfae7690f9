import type { Actor } from '../auth/actor';
import { AppError } from '../common/errors/app-error';
import { accessOf, checkCollection, type CollectionFields, type TaxiiCollection } from './taxii-collections';

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

const collection = (read: TaxiiCollection['read'], write: TaxiiCollection['write']): TaxiiCollection => ({
  id: '5fea81f6-bdab-5bb4-9827-cdee6493186a', name: 'x', title: 'X', description: '', view: {}, read, write,
});

const fields = (overrides: Partial<CollectionFields> = {}): CollectionFields => ({
  alias: 'phishing', title: ' Phishing ', description: '', types: ['indicator', 'url'], markings: null, readKinds: ['CERT'], writeKinds: [], defaultMarking: null, ...overrides,
});

function problemsOf(f: () => unknown): { path: string; message: string }[] {
  try {
    f();
  } catch (e) {
    if (e instanceof AppError) return (e.details?.problems ?? []) as { path: string; message: string }[];
    throw e;
  }
  return [];
}

describe('TAXII collections', () => {
  it('grants rights by partner kind, writing only to roles that may submit', () => {
    const all = collection(['HOME', 'CERT', 'ISP'], ['HOME', 'CERT']);
    expect(accessOf(actor({}), all)).toEqual({ canRead: true, canWrite: true });
    expect(accessOf(actor({ roles: ['READER'] }), all)).toEqual({ canRead: true, canWrite: false });
    expect(accessOf(actor({ partnerKind: 'GOVERNMENT' }), all)).toEqual({ canRead: false, canWrite: false });
    expect(accessOf(actor({ partnerKind: 'ISP' }), all)).toEqual({ canRead: true, canWrite: false });
    expect(accessOf(actor({ partnerKind: 'HOME', roles: ['SYNC'] }), all)).toEqual({ canRead: true, canWrite: true });
  });

  it('gives a suspended actor nothing', () => {
    expect(accessOf(actor({ active: false, partnerKind: 'HOME' }), collection(['HOME'], ['HOME']))).toEqual({ canRead: false, canWrite: false });
  });

  it('accepts a well-formed definition, trimming the title', () => {
    expect(checkCollection(fields(), '0c5b752c-dc58-5a74-aa1c-cd57df97a2fc')).toMatchObject({ title: 'Phishing', types: ['indicator', 'url'] });
    expect(checkCollection(fields({ markings: ['CLEAR'], defaultMarking: 'CLEAR', types: null }))).toMatchObject({ markings: ['CLEAR'] });
  });

  it('names every problem at once', () => {
    const problems = problemsOf(() =>
      checkCollection(
        fields({ alias: 'Not An Alias', title: '  ', types: ['Indicator', 'x'], markings: [], readKinds: ['CERT', 'PIRATE' as never], writeKinds: ['HOME', 'HOME'], defaultMarking: 'PURPLE' as never }),
        'not-a-uuid',
      ),
    );
    expect(problems.map((p) => p.path).sort()).toEqual(['alias', 'defaultMarking', 'id', 'markings', 'readKinds', 'title', 'types', 'writeKinds']);
    expect(problems.find((p) => p.path === 'types')!.message).toContain('"Indicator", "x" are not a STIX type name');
  });

  it('refuses a default marking that would put posted objects outside the collection', () => {
    expect(problemsOf(() => checkCollection(fields({ markings: ['CLEAR'], defaultMarking: 'GREEN' })))).toEqual([{ path: 'defaultMarking', message: "must be one of the collection's markings" }]);
  });
});
