import { normaliseTlpMarkings, tlpOf } from './tlp';
import { OPENCTI_AMBER_STRICT_ID, TLP1_MARKING_DEFINITIONS, TLP_MARKING_DEFINITIONS, TLP_MARKING_IDS } from './tlp.constants';

const [WHITE1, GREEN1, AMBER1, RED1] = TLP1_MARKING_DEFINITIONS.map((m) => m.id);
const STATEMENT = 'marking-definition--d0e8f6fa-6c9b-4a5e-8a83-7a8a2b0c4f11';

describe('the TLP 2.0 marking definitions', () => {
  it('use the canonical ids of tlp-2.0.md', () => {
    expect(TLP_MARKING_IDS).toEqual({
      CLEAR: 'marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487',
      GREEN: 'marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb',
      AMBER: 'marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421',
      'AMBER+STRICT': 'marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003',
      RED: 'marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1',
    });
  });

  it('are the published objects', () => {
    expect(TLP_MARKING_DEFINITIONS['AMBER+STRICT']).toEqual({
      type: 'marking-definition',
      spec_version: '2.1',
      id: 'marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003',
      created: '2022-10-01T00:00:00.000Z',
      name: 'TLP:AMBER+STRICT',
      extensions: { 'extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d': { extension_type: 'property-extension', tlp_2_0: 'amber+strict' } },
    });
  });
});

describe('tlpOf', () => {
  it.each([
    [[TLP_MARKING_IDS.GREEN], 'GREEN'],
    [[WHITE1], 'CLEAR'],
    [[GREEN1], 'GREEN'],
    [[AMBER1], 'AMBER'],
    [[RED1], 'RED'],
    [[OPENCTI_AMBER_STRICT_ID], 'AMBER+STRICT'],
    [[TLP_MARKING_IDS.CLEAR, STATEMENT, TLP_MARKING_IDS['AMBER+STRICT'], AMBER1], 'AMBER+STRICT'],
    [[STATEMENT], undefined],
  ])('%j → %s', (refs, level) => {
    expect(tlpOf({ object_marking_refs: refs })).toBe(level);
  });

  it('reads tlp:* labels too, so a label-only export is not taken for unmarked', () => {
    expect(tlpOf({ labels: ['malicious', 'TLP:RED'] })).toBe('RED');
    expect(tlpOf({ labels: ['tlp:white'] })).toBe('CLEAR');
    expect(tlpOf({ labels: ['tlp:amber+strict'], object_marking_refs: [TLP_MARKING_IDS.GREEN] })).toBe('AMBER+STRICT');
  });

  it('takes further vendor ids when given', () => {
    const vendor = 'marking-definition--11111111-2222-4333-8444-555555555555';
    expect(tlpOf({ object_marking_refs: [vendor] })).toBeUndefined();
    expect(tlpOf({ object_marking_refs: [vendor] }, new Map([[vendor, 'RED']]))).toBe('RED');
  });

  it('is undefined for what is not an object', () => {
    expect(tlpOf(null)).toBeUndefined();
  });
});

describe('normaliseTlpMarkings', () => {
  it('replaces every TLP reference by the one most restrictive TLP 2.0 id, keeping other markings', () => {
    const obj = { type: 'indicator', object_marking_refs: [WHITE1, STATEMENT, AMBER1, STATEMENT], labels: ['tlp:green'] };
    expect(normaliseTlpMarkings(obj)).toEqual({ type: 'indicator', object_marking_refs: [TLP_MARKING_IDS.AMBER, STATEMENT], labels: ['tlp:green'] });
    expect(obj.object_marking_refs).toEqual([WHITE1, STATEMENT, AMBER1, STATEMENT]);
  });

  it('turns a tlp label into a marking', () => {
    expect(normaliseTlpMarkings({ type: 'report', labels: ['TLP:AMBER+STRICT'] })).toEqual({ type: 'report', labels: ['TLP:AMBER+STRICT'], object_marking_refs: [TLP_MARKING_IDS['AMBER+STRICT']] });
  });

  it('maps granular marking references one by one', () => {
    const obj = { granular_markings: [{ selectors: ['description'], marking_ref: RED1 }, { selectors: ['name'], marking_ref: STATEMENT }] };
    expect(normaliseTlpMarkings(obj).granular_markings).toEqual([
      { selectors: ['description'], marking_ref: TLP_MARKING_IDS.RED },
      { selectors: ['name'], marking_ref: STATEMENT },
    ]);
  });

  it('leaves an object without TLP unchanged', () => {
    const obj = { type: 'note', object_marking_refs: [STATEMENT] };
    expect(normaliseTlpMarkings(obj)).toEqual(obj);
  });

  it('returns an already canonical object itself (no copy), and a copy as soon as anything changes', () => {
    const canonical = { type: 'note', object_marking_refs: [TLP_MARKING_IDS.GREEN, STATEMENT], granular_markings: [{ selectors: ['name'], marking_ref: TLP_MARKING_IDS.RED }] };
    expect(normaliseTlpMarkings(canonical)).toBe(canonical);
    const doubled = { type: 'note', object_marking_refs: [TLP_MARKING_IDS.GREEN, TLP_MARKING_IDS.GREEN] };
    expect(normaliseTlpMarkings(doubled)).toEqual({ type: 'note', object_marking_refs: [TLP_MARKING_IDS.GREEN] });
    expect(doubled.object_marking_refs).toHaveLength(2);
  });
});
