import { anActor, aRow, ME, OTHER } from '../../test/policy/policy-factories';
import { canSee, levelsVisibleWithoutAudience } from './can-see';
import type { TlpLevel } from './tlp';

describe('canSee: the edges', () => {
  it('uses the configured default for an unmarked object', () => {
    const community = anActor({ trust: 'COMMUNITY' });
    expect(canSee(community, aRow({ tlp: null }))).toBe(false); // AMBER by default
    expect(canSee(community, aRow({ tlp: null }), 'GREEN')).toBe(true);
    expect(canSee(anActor({ trust: 'CLOSE' }), aRow({ tlp: null }), 'RED')).toBe(false);
  });

  it.each(['WHITE', 'amber', '', 'constructor', '__proto__', 'toString'])('fails closed on the unknown marking %j (like RED)', (tlp) => {
    const close = anActor({ trust: 'CLOSE' });
    expect(canSee(close, aRow({ tlp: tlp as TlpLevel }))).toBe(false);
    expect(canSee(close, aRow({ tlp: tlp as TlpLevel, audiencePartners: [ME] }))).toBe(true);
    expect(canSee(close, aRow({ tlp: tlp as TlpLevel, ownerPartnerId: ME }))).toBe(true);
  });

  it('never treats an empty audience as everyone, even on TLP:CLEAR', () => {
    expect(canSee(anActor({ trust: 'CLOSE' }), aRow({ tlp: 'CLEAR', audiencePartners: [], audienceGroups: [] }))).toBe(false);
    expect(canSee(anActor({ partnerKind: 'HOME' }), aRow({ tlp: 'CLEAR', audiencePartners: [] }))).toBe(true);
  });

  it('an audience overrides the marking both ways: a PUBLIC member sees RED, a CLOSE non-member not CLEAR', () => {
    expect(canSee(anActor({ trust: 'PUBLIC' }), aRow({ tlp: 'RED', audienceGroups: ['APCERT'] }))).toBe(true);
    expect(canSee(anActor({ trust: 'CLOSE' }), aRow({ tlp: 'CLEAR', audienceGroups: ['FIRST'] }))).toBe(false);
  });

  it('reads groups at the time of the question and compares them exactly', () => {
    const row = aRow({ tlp: 'RED', audienceGroups: ['HK-CII'] });
    expect(canSee(anActor({ groups: ['HK-CII'] }), row)).toBe(true);
    expect(canSee(anActor({ groups: [] }), row)).toBe(false);
    expect(canSee(anActor({ groups: ['hk-cii'] }), row)).toBe(false);
  });

  it('compares partner ids as UUIDs (case-insensitive), as PostgreSQL does', () => {
    expect(canSee(anActor({ partnerId: ME.toUpperCase() }), aRow({ tlp: 'RED', ownerPartnerId: ME }))).toBe(true);
    expect(canSee(anActor(), aRow({ tlp: 'RED', ownerPartnerId: OTHER }))).toBe(false);
  });

  it('a suspended home CERT sees nothing, not even its own', () => {
    expect(canSee(anActor({ partnerKind: 'HOME', active: false }), aRow({ tlp: 'CLEAR', ownerPartnerId: ME }))).toBe(false);
  });

  it('lists the markings each trust level sees without an audience', () => {
    expect(levelsVisibleWithoutAudience('PUBLIC')).toEqual(['CLEAR']);
    expect(levelsVisibleWithoutAudience('COMMUNITY')).toEqual(['CLEAR', 'GREEN']);
    expect(levelsVisibleWithoutAudience('TRUSTED')).toEqual(['CLEAR', 'GREEN', 'AMBER']);
    expect(levelsVisibleWithoutAudience('CLOSE')).toEqual(['CLEAR', 'GREEN', 'AMBER']);
  });
});
