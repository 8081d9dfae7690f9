import { PARTNER_KINDS, TRUST_LEVELS, type PartnerKind, type TrustLevel } from '../auth/actor';
import { anActor, aRow, ME, OTHER } from '../../test/policy/policy-factories';
import { canSee } from './can-see';
import type { TlpLevel } from './tlp';

/*
 * The table, written out again by hand (deliberately not read from SHARING_RULES), so a wrong
 * edit of the rule table fails here.
 *   marking        | no audience: visible to      | audience set
 *   CLEAR          | every authenticated partner  | audience members
 *   GREEN          | trust >= COMMUNITY           | audience members
 *   AMBER          | trust >= TRUSTED             | audience members
 *   AMBER+STRICT   | nobody else                  | audience members
 *   RED            | nobody else                  | audience members
 * Creator and HOME always; suspended never; no marking = AMBER (the default).
 */
const SEES_WITHOUT_AUDIENCE: Record<TlpLevel, TrustLevel[]> = {
  CLEAR: ['PUBLIC', 'COMMUNITY', 'TRUSTED', 'CLOSE'],
  GREEN: ['COMMUNITY', 'TRUSTED', 'CLOSE'],
  AMBER: ['TRUSTED', 'CLOSE'],
  'AMBER+STRICT': [],
  RED: [],
};

const MY_GROUP = 'APCERT';

/** [audience partners, audience groups, is the actor a member]. */
const AUDIENCES: Record<string, [string[] | null, string[] | null, boolean]> = {
  none: [null, null, false],
  'empty (both lists [])': [[], [], false],
  'empty (partners [], groups null)': [[], null, false],
  'empty (partners null, groups [])': [null, [], false],
  'names the partner': [[OTHER, ME], null, true],
  'names the partner, id in upper case': [[ME.toUpperCase()], [], true],
  'names a group of the partner': [null, ['FIRST', MY_GROUP], true],
  'names the partner and other groups': [[ME], ['FIRST'], true],
  'excludes the partner': [[OTHER], ['FIRST', 'apcert'], false],
};

const MARKINGS: (TlpLevel | null)[] = ['CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED', null];

function expected(kind: PartnerKind, trust: TrustLevel, marking: TlpLevel | null, audience: string, creator: boolean, active: boolean): boolean {
  if (!active) return false;
  if (creator || kind === 'HOME') return true;
  const [partners, groups, member] = AUDIENCES[audience];
  if (partners !== null || groups !== null) return member;
  return SEES_WITHOUT_AUDIENCE[marking ?? 'AMBER'].includes(trust);
}

type Case = [PartnerKind, TrustLevel, TlpLevel | null, string, boolean, boolean, boolean];
const GRID: Case[] = [];
for (const kind of PARTNER_KINDS)
  for (const trust of TRUST_LEVELS)
    for (const marking of MARKINGS)
      for (const audience of Object.keys(AUDIENCES))
        for (const creator of [true, false])
          for (const active of [true, false])
            GRID.push([kind, trust, marking, audience, creator, active, expected(kind, trust, marking, audience, creator, active)]);

describe('canSee: every partner kind × trust × marking × audience × creator × active', () => {
  it('covers the whole grid', () => {
    expect(GRID).toHaveLength(PARTNER_KINDS.length * TRUST_LEVELS.length * MARKINGS.length * Object.keys(AUDIENCES).length * 4);
    expect(GRID.some((c) => c[6])).toBe(true);
    expect(GRID.some((c) => !c[6])).toBe(true);
  });

  it.each(GRID)('%s partner at %s, marking %s, audience %s, creator %s, active %s → %s', (kind, trust, marking, audience, creator, active, sees) => {
    const [audiencePartners, audienceGroups] = AUDIENCES[audience];
    const actor = anActor({ partnerKind: kind, trust, groups: [MY_GROUP, 'HK-CII'], active });
    const row = aRow({ tlp: marking, audiencePartners, audienceGroups, ownerPartnerId: creator ? ME : OTHER });
    expect(canSee(actor, row)).toBe(sees);
  });
});
