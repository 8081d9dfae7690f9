import { ErrorCode } from '../common/errors/app-error';
import { anActor, aRow, ME, OTHER } from '../../test/policy/policy-factories';
import type { Shareable } from './shareable';
import { assertCanChangeSharing, sharingChanged, sharingLoosenings, type Sharing } from './sharing-change';

const THIRD = '33333333-3333-4333-8333-333333333333';
const s = (tlp: Shareable['tlp'], audiencePartners: string[] | null = null, audienceGroups: string[] | null = null): Shareable =>
  aRow({ tlp, audiencePartners, audienceGroups, ownerPartnerId: OTHER });

describe('sharingLoosenings: what counts as looser', () => {
  it.each<[string, Shareable, Sharing, RegExp | null]>([
    ['lowering the marking', s('AMBER'), s('GREEN'), /marking lowered from TLP:AMBER to TLP:GREEN/],
    ['RED to AMBER+STRICT, even with the same audience', s('RED', [THIRD]), s('AMBER+STRICT', [THIRD]), /marking lowered/],
    ['an explicit marking below the default', s(null), s('GREEN'), /from TLP:AMBER to TLP:GREEN/],
    ['removing the marking when the default is lower', s('RED'), s(null), /from TLP:RED to TLP:AMBER/],
    ['raising the marking', s('GREEN'), s('RED'), null],
    ['removing an audience on AMBER', s('AMBER', [THIRD]), s('AMBER'), /audience removed: TLP:AMBER alone admits TRUSTED, CLOSE/],
    ['removing an empty audience on CLEAR', s('CLEAR', []), s('CLEAR'), /audience removed/],
    ['removing an audience on RED (narrows to nobody)', s('RED', [THIRD]), s('RED'), null],
    ['adding a partner', s('RED', [THIRD]), s('RED', [THIRD, ME]), /widened by 1 partner/],
    ['adding a group', s('RED', null, ['APCERT']), s('RED', null, ['APCERT', 'FIRST']), /widened by group\(s\) FIRST/],
    ['moving a partner into a group', s('RED', [THIRD]), s('RED', [], ['APCERT']), /widened by group/],
    ['an audience on an AMBER object without one', s('AMBER'), s('AMBER', [THIRD]), /widened by 1 partner/],
    ['an audience on a CLEAR object without one (narrows)', s('CLEAR'), s('CLEAR', [THIRD], ['APCERT']), null],
    ['an empty audience (narrows to nobody)', s('GREEN'), s('GREEN', [], []), null],
    ['dropping a member', s('RED', [THIRD, ME], ['APCERT']), s('RED', [ME], []), null],
    ['the same partner id in another case', s('RED', [THIRD]), s('RED', [THIRD.toUpperCase()]), null],
    ['a new owner', s('RED'), { ...s('RED'), ownerPartnerId: THIRD }, /owner changed/],
  ])('%s', (_name, before, after, reason) => {
    const reasons = sharingLoosenings(before, after);
    if (reason === null) expect(reasons).toEqual([]);
    else expect(reasons.join('; ')).toMatch(reason);
  });

  it('uses the configured default for unmarked objects', () => {
    expect(sharingLoosenings(s('GREEN'), s(null), 'CLEAR')).toEqual(['marking lowered from TLP:GREEN to TLP:CLEAR']);
    expect(sharingLoosenings(s('GREEN'), s(null), 'RED')).toEqual([]);
  });
});

describe('sharingChanged', () => {
  it('sees no change in order, id case or a null list beside a set one', () => {
    expect(sharingChanged(s('RED', [THIRD, ME]), s('RED', [ME, THIRD.toUpperCase()]))).toBe(false);
    expect(sharingChanged(s('RED', null, ['A']), s('RED', [], ['A']))).toBe(false);
  });

  it('tells "no audience" from "empty audience", and NULL from an explicit marking', () => {
    expect(sharingChanged(s('RED'), s('RED', []))).toBe(true);
    expect(sharingChanged(s(null), s('AMBER'))).toBe(true);
  });
});

describe('assertCanChangeSharing', () => {
  const creator = anActor({ partnerId: OTHER });
  const home = anActor({ partnerKind: 'HOME', trust: 'CLOSE' });
  const peer = anActor({ trust: 'CLOSE' });
  const looser: [Shareable, Sharing] = [s('RED', [THIRD]), s('CLEAR')];
  const tighter: [Shareable, Sharing] = [s('GREEN'), s('RED', [])];

  function code(fn: () => void): string | undefined {
    try {
      fn();
      return undefined;
    } catch (error) {
      return (error as { code?: string }).code;
    }
  }

  it('lets the creator loosen and tighten', () => {
    expect(code(() => assertCanChangeSharing(creator, ...looser))).toBeUndefined();
    expect(code(() => assertCanChangeSharing(creator, ...tighter))).toBeUndefined();
  });

  it('lets HOME tighten but not loosen, naming why', () => {
    expect(code(() => assertCanChangeSharing(home, ...tighter))).toBeUndefined();
    expect(() => assertCanChangeSharing(home, ...looser)).toThrow(/only the creator may loosen sharing: marking lowered from TLP:RED to TLP:CLEAR; audience removed/);
    expect(code(() => assertCanChangeSharing(home, ...looser))).toBe(ErrorCode.FORBIDDEN);
  });

  it('lets no other partner change sharing at all, even a CLOSE one tightening', () => {
    expect(code(() => assertCanChangeSharing(peer, ...tighter))).toBe(ErrorCode.FORBIDDEN);
    expect(code(() => assertCanChangeSharing(peer, ...looser))).toBe(ErrorCode.FORBIDDEN);
  });

  it('passes an unchanged sharing for anyone who may edit other fields', () => {
    expect(code(() => assertCanChangeSharing(peer, s('RED', [ME]), s('RED', [ME])))).toBeUndefined();
  });

  it('stops a suspended creator or HOME', () => {
    expect(code(() => assertCanChangeSharing({ ...creator, active: false }, ...tighter))).toBe(ErrorCode.FORBIDDEN);
    expect(code(() => assertCanChangeSharing({ ...home, active: false }, ...tighter))).toBe(ErrorCode.FORBIDDEN);
  });
});
