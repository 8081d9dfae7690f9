import { type Actor, TRUST_LEVELS } from '../auth/actor';
import { AppError } from '../common/errors/app-error';
import { isCreator, isHomeActor, levelsVisibleWithoutAudience } from './can-see';
import { hasAudience, sameId, type Shareable } from './shareable';
import { SHARING_RULES } from './sharing-rules';
import { DEFAULT_TLP, type TlpLevel, tlpRank } from './tlp';

/** The sharing part of an object; `ownerPartnerId` is optional so a plain update input fits. */
export type Sharing = Pick<Shareable, 'tlp' | 'audiencePartners' | 'audienceGroups'> & { readonly ownerPartnerId?: string };

/** Trust levels the marking alone admits (no audience), e.g. GREEN → COMMUNITY, TRUSTED, CLOSE. */
function trustsAdmitted(level: TlpLevel): string[] {
  const rule = SHARING_RULES.markings[level].noAudience;
  return rule === 'NOBODY_ELSE' ? [] : TRUST_LEVELS.filter((t) => levelsVisibleWithoutAudience(t).includes(level));
}

function notIn(values: readonly string[] | null, existing: readonly string[] | null, same: (a: string, b: string) => boolean): string[] {
  return (values ?? []).filter((v) => !(existing ?? []).some((e) => same(v, e)));
}

/**
 * Why `after` is looser than `before`; empty when it is not. Looser means that someone other than the
 * creator and HOME could see it afterwards and not before (partners' trust and groups are taken as
 * unknown, so any partner might be anyone), or that recipients may do more with it:
 *  1. the marking is lowered (CLEAR < GREEN < AMBER < AMBER+STRICT < RED; no marking = the default);
 *  2. the audience is removed while the marking alone admits someone (removing it from an AMBER+STRICT
 *     or RED object narrows it to nobody, which is not looser);
 *  3. an audience is set where there was none, with members, on an object not already visible to all
 *     (its members might not have had the trust to see it);
 *  4. the audience is widened: a partner id or a group that was not in it before;
 *  5. the owner changes (the new owner always sees).
 */
export function sharingLoosenings(before: Shareable, after: Sharing, defaultTlp: TlpLevel = DEFAULT_TLP): string[] {
  const reasons: string[] = [];
  const [was, now] = [before.tlp ?? defaultTlp, after.tlp ?? defaultTlp];
  if (tlpRank(now) < tlpRank(was)) reasons.push(`marking lowered from TLP:${was} to TLP:${now}`);
  const nowAdmits = trustsAdmitted(now);
  if (hasAudience(before) && !hasAudience(after) && nowAdmits.length > 0) {
    reasons.push(`audience removed: TLP:${now} alone admits ${nowAdmits.join(', ')}`);
  }
  const addedPartners = notIn(after.audiencePartners, hasAudience(before) ? before.audiencePartners : [], sameId);
  const addedGroups = notIn(after.audienceGroups, hasAudience(before) ? before.audienceGroups : [], (a, b) => a === b);
  const visibleToAllBefore = !hasAudience(before) && trustsAdmitted(was).length === TRUST_LEVELS.length;
  if (!visibleToAllBefore) {
    if (addedPartners.length > 0) reasons.push(`audience widened by ${addedPartners.length} partner(s)`);
    if (addedGroups.length > 0) reasons.push(`audience widened by group(s) ${addedGroups.join(', ')}`);
  }
  if (after.ownerPartnerId !== undefined && !sameId(after.ownerPartnerId, before.ownerPartnerId)) reasons.push('owner changed');
  return reasons;
}

function sameSet(a: readonly string[] | null, b: readonly string[] | null, same: (x: string, y: string) => boolean): boolean {
  return notIn(a, b, same).length === 0 && notIn(b, a, same).length === 0;
}

/** Whether anything about sharing differs (a stored NULL marking and an explicit one count as different). */
export function sharingChanged(before: Shareable, after: Sharing): boolean {
  return (
    before.tlp !== after.tlp ||
    hasAudience(before) !== hasAudience(after) ||
    !sameSet(before.audiencePartners, after.audiencePartners, sameId) ||
    !sameSet(before.audienceGroups, after.audienceGroups, (x, y) => x === y) ||
    (after.ownerPartnerId !== undefined && !sameId(after.ownerPartnerId, before.ownerPartnerId))
  );
}

/**
 * Who may change an object's marking or audience: the creator any way it likes; HOME only to tighten
 * (it may withdraw a leak fast, but loosening a partner's object is the partner's decision); nobody
 * else at all (a partner that can see an object must not hide it from the others). An unchanged sharing
 * passes for anyone, so updates of other fields can carry it through. Call `assertCanSee` first: an
 * actor that cannot see the object must get not-found, not this FORBIDDEN.
 */
export function assertCanChangeSharing(actor: Actor, before: Shareable, after: Sharing, defaultTlp: TlpLevel = DEFAULT_TLP): void {
  if (!actor.active) throw AppError.forbidden('a suspended partner cannot change sharing');
  if (isCreator(actor, before) || !sharingChanged(before, after)) return;
  if (!isHomeActor(actor)) throw AppError.forbidden('only the creator or the home CERT may change the marking or audience');
  const reasons = sharingLoosenings(before, after, defaultTlp);
  if (reasons.length > 0) throw AppError.forbidden(`only the creator may loosen sharing: ${reasons.join('; ')}`);
}
