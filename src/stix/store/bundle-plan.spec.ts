import { anIndicator } from '../testing/factories';
import { TLP_MARKING_IDS } from '../tlp.constants';
import { checkOwnership, decideVersions, jsonSize, modifiedKey, prepareVersions, type OwnHistory } from './bundle-plan';

const me = { partnerId: 'aaaaaaaa-0000-4000-8000-000000000001', identityRef: 'identity--aaaaaaaa-0000-4000-8000-000000000001' };
const other = { partnerId: 'bbbbbbbb-0000-4000-8000-000000000002', identityRef: 'identity--bbbbbbbb-0000-4000-8000-000000000002' };

function versionsOf(...objects: Record<string, unknown>[]) {
  return prepareVersions(objects, new Set(), me, null).versions;
}

describe('modifiedKey', () => {
  it.each([
    ['2026-11-01T00:00:00Z', '2026-11-01T00:00:00.000000Z'],
    ['2026-11-01T00:00:00.1Z', '2026-11-01T00:00:00.100000Z'],
    ['2026-11-01T00:00:00.123456789Z', '2026-11-01T00:00:00.123456Z'],
  ])('%s → %s (cut to microseconds, as timestamptz(6) holds it)', (input, key) => {
    expect(modifiedKey(input)).toBe(key);
  });
});

describe('prepareVersions', () => {
  it('signs unsigned objects as the submitter, normalises TLP 1.0 to 2.0 and keeps custom properties', () => {
    const [v] = prepareVersions([anIndicator({ created_by_ref: undefined, object_marking_refs: ['marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed'], x_score: 3 })], new Set(), me, null).versions;
    expect(v).toMatchObject({ createdByRef: me.identityRef, tlp: 'RED' });
    expect(JSON.parse(v!.json)).toMatchObject({ x_score: 3, object_marking_refs: [TLP_MARKING_IDS.RED], created_by_ref: me.identityRef });
  });

  it('adds the default marking only to unmarked objects, and leaves SCOs unsigned', () => {
    const { versions } = prepareVersions([anIndicator(), { type: 'domain-name', spec_version: '2.1', id: 'domain-name--bedb4899-d24b-5401-bc86-8f6b4cc18ec7', value: 'example.com' }], new Set(), me, 'GREEN');
    expect(versions.map((v) => v.tlp)).toEqual(['GREEN', 'GREEN']);
    expect(versions[1]).toMatchObject({ createdByRef: null, created: null, modifiedText: null, modified: '1970-01-01T00:00:00.000000Z' });
  });

  it('skips objects already rejected and counts built-in TLP definitions without storing them', () => {
    const tlp = { type: 'marking-definition', id: TLP_MARKING_IDS.GREEN };
    const result = prepareVersions([anIndicator(), tlp, anIndicator({ id: 'indicator--1d6c9b4e-7c1f-4a55-9f56-5d3b1b6f0d11' })], new Set([0]), me, null);
    expect(result.versions.map((v) => v.index)).toEqual([2]);
    expect(result.builtins).toBe(1);
  });

  it('stores as JSON text exactly the object it prepared, reusing the text it was given where it can', () => {
    const objects = [
      anIndicator({ created_by_ref: undefined, object_marking_refs: [TLP_MARKING_IDS.GREEN] }), // reused, signed
      anIndicator({ id: 'indicator--1d6c9b4e-7c1f-4a55-9f56-5d3b1b6f0d11', created_by_ref: me.identityRef, name: 'été "quoted"\n', object_marking_refs: [TLP_MARKING_IDS.RED] }), // reused as is
      anIndicator({ id: 'indicator--2d6c9b4e-7c1f-4a55-9f56-5d3b1b6f0d11', created_by_ref: undefined, object_marking_refs: ['marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed'] }), // TLP 1.0: made again
      anIndicator({ id: 'indicator--3d6c9b4e-7c1f-4a55-9f56-5d3b1b6f0d11', created_by_ref: undefined, object_marking_refs: undefined }), // default marking: made again
    ];
    const { texts } = jsonSize({ type: 'bundle', id: 'bundle--1d6c9b4e-7c1f-4a55-9f56-5d3b1b6f0d11', objects });
    const { versions } = prepareVersions(objects, new Set(), me, 'AMBER', texts);
    const stored = (o: Record<string, unknown>, changes: Record<string, unknown>) => JSON.parse(JSON.stringify({ ...o, ...changes }));
    expect(versions.map((v) => JSON.parse(v.json))).toEqual([
      stored(objects[0]!, { created_by_ref: me.identityRef }),
      stored(objects[1]!, {}),
      stored(objects[2]!, { created_by_ref: me.identityRef, object_marking_refs: [TLP_MARKING_IDS.RED] }),
      stored(objects[3]!, { created_by_ref: me.identityRef, object_marking_refs: [TLP_MARKING_IDS.AMBER] }),
    ]);
    for (const v of versions) expect(v.json).not.toContain('\n'); // one object per line in the INSERT
    expect(versions[1]!.json).toBe(texts![1]);
    expect(versions.map((v) => v.createdByRef)).toEqual([me.identityRef, me.identityRef, me.identityRef, me.identityRef]);
  });
});

describe('jsonSize', () => {
  it.each([
    ['a bundle', { type: 'bundle', id: 'bundle--1', objects: [anIndicator(), { type: 'x', name: 'été ✓ "q"', n: [1, null] }] }],
    ['one object', { objects: [{}], type: 'bundle' }],
    ['an empty list', { type: 'bundle', objects: [] }],
    ['no list', { type: 'bundle', objects: 'none' }],
    ['not an object', [1, 2]],
    ['undefined entries', { type: 'bundle', objects: [undefined, { a: undefined, b: 1 }] }],
  ])('is the byte length of the JSON of %s', (_, bundle) => {
    expect(jsonSize(bundle).bytes).toBe(Buffer.byteLength(JSON.stringify(bundle)));
  });
});

describe('checkOwnership', () => {
  const identities = new Set([me.identityRef, other.identityRef]);

  it('refuses another partner’s identity as created_by_ref, but accepts third-party identities', () => {
    const versions = versionsOf(anIndicator({ created_by_ref: other.identityRef }), anIndicator({ id: 'indicator--1d6c9b4e-7c1f-4a55-9f56-5d3b1b6f0d11', created_by_ref: 'identity--cccccccc-0000-4000-8000-000000000003' }));
    expect(checkOwnership(versions, { holders: new Map(), partnerIdentities: identities }, me)).toEqual([
      expect.objectContaining({ index: 0, path: '$.objects[0].created_by_ref', code: 'FORBIDDEN' }),
    ]);
  });

  it('refuses a version of an id another owner holds, but not a shared SCO', () => {
    const sco = { type: 'domain-name', spec_version: '2.1', id: 'domain-name--bedb4899-d24b-5401-bc86-8f6b4cc18ec7', value: 'example.com' };
    const versions = versionsOf(anIndicator({ created_by_ref: me.identityRef }), sco);
    const holders = new Map([
      [versions[0]!.id, [{ ownerPartnerId: other.partnerId, createdByRef: other.identityRef }]],
      [sco.id, [{ ownerPartnerId: other.partnerId, createdByRef: null }]],
    ]);
    expect(checkOwnership(versions, { holders, partnerIdentities: identities }, me)).toEqual([
      { index: 0, id: versions[0]!.id, path: '$.objects[0].id', message: 'this id belongs to another producer: only its creator may add versions', code: 'FORBIDDEN' },
    ]);
  });
});

describe('decideVersions', () => {
  const base = anIndicator({ created_by_ref: me.identityRef });
  const at = (modified: string, extra: Record<string, unknown> = {}) => ({ ...base, modified, ...extra });

  it('takes versions oldest first: the newest is latest, repeats are duplicates', () => {
    const versions = versionsOf(at('2026-01-03T00:00:00Z'), at('2026-01-01T00:00:00Z'), at('2026-01-03T00:00:00.000Z'));
    const { writes, duplicates } = decideVersions(versions, new Map());
    expect(writes.map((v) => [v.modifiedText, v.outcome, v.isLatest])).toEqual([
      ['2026-01-01T00:00:00Z', 'created', false],
      ['2026-01-03T00:00:00Z', 'newVersion', true],
    ]);
    expect(duplicates).toBe(1);
  });

  it('keeps an older version as history without moving latest', () => {
    const history = new Map<string, OwnHistory>([[base.id as string, { keys: new Set([modifiedKey('2026-01-05T00:00:00Z')]), latestKey: modifiedKey('2026-01-05T00:00:00Z'), latestRevoked: false }]]);
    const { writes } = decideVersions(versionsOf(at('2026-01-02T00:00:00Z')), history);
    expect(writes).toEqual([expect.objectContaining({ outcome: 'newVersion', isLatest: false })]);
  });

  it('refuses anything newer than a revocation, but still accepts older history', () => {
    const key = modifiedKey('2026-01-05T00:00:00Z');
    const history = new Map<string, OwnHistory>([[base.id as string, { keys: new Set([key]), latestKey: key, latestRevoked: true }]]);
    const { writes, rejections } = decideVersions(versionsOf(at('2026-01-06T00:00:00Z'), at('2026-01-01T00:00:00Z')), history);
    expect(rejections).toEqual([expect.objectContaining({ index: 0, code: 'REVOKED' })]);
    expect(writes.map((v) => v.index)).toEqual([1]);
  });
});
