import { type Actor, type TrustLevel, trustRank } from '../auth/actor';
import { hasAudience, sameId, type Shareable } from './shareable';
import { SHARING_RULES, type NoAudienceRule } from './sharing-rules';
import { DEFAULT_TLP, TLP_LEVELS, type TlpLevel } from './tlp';

export function admitsTrust(rule: NoAudienceRule, trust: TrustLevel): boolean {
  return rule !== 'NOBODY_ELSE' && trustRank(trust) >= trustRank(rule.minTrust);
}

/** The markings an actor of this trust may see when no audience is set, read off the rule table. */
export function levelsVisibleWithoutAudience(trust: TrustLevel): TlpLevel[] {
  return TLP_LEVELS.filter((level) => admitsTrust(SHARING_RULES.markings[level].noAudience, trust));
}

/** Active and of the home CERT: the one partner that sees everything. */
export function isHomeActor(actor: Pick<Actor, 'active' | 'partnerKind'>): boolean {
  return actor.active && SHARING_RULES.alwaysSees.includes('HOME') && actor.partnerKind === 'HOME';
}

export function isCreator(actor: Actor, row: Pick<Shareable, 'ownerPartnerId'>): boolean {
  return SHARING_RULES.alwaysSees.includes('CREATOR') && sameId(actor.partnerId, row.ownerPartnerId);
}

/** Named in the audience by partner id (not through a group). */
export function isNamedInAudience(actor: Actor, row: Shareable): boolean {
  return (row.audiencePartners ?? []).some((id) => sameId(id, actor.partnerId));
}

export function isAudienceMember(actor: Actor, row: Shareable): boolean {
  const groups = row.audienceGroups ?? [];
  return isNamedInAudience(actor, row) || actor.groups.some((g) => groups.includes(g));
}

/**
 * The in-memory form of the rule table: may this actor see this object? An unknown marking string (a
 * bad row) gets no marking rule, so it behaves like RED: audience members only.
 */
export function canSee(actor: Actor, row: Shareable, defaultTlp: TlpLevel = DEFAULT_TLP): boolean {
  if (!actor.active) return false; // SHARING_RULES.inactiveActorSees
  if (isCreator(actor, row) || isHomeActor(actor)) return true;
  if (hasAudience(row)) return isAudienceMember(actor, row);
  const level: string = row.tlp ?? defaultTlp;
  // hasOwn, not `in`: a row holding "constructor" must not find a rule on Object.prototype.
  if (!Object.hasOwn(SHARING_RULES.markings, level)) return false;
  return admitsTrust(SHARING_RULES.markings[level as TlpLevel].noAudience, actor.trust);
}
