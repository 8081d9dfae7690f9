import type { TrustLevel } from '../auth/actor';
import type { TlpLevel } from './tlp';

/**
 * Who sees an object when no audience is set: partners from a minimum trust level up, or nobody but
 * the creator and the home CERT.
 */
export type NoAudienceRule = { readonly minTrust: TrustLevel } | 'NOBODY_ELSE';

export interface MarkingRule {
  readonly noAudience: NoAudienceRule;
  /** With an audience set, only its members (partner ids, or members of a named group right now). */
  readonly audienceSet: 'AUDIENCE_MEMBERS';
}

/**
 * THE sharing rules, as data. `canSee` (in memory), `visibleToSql` (a query condition) and
 * `rlsPolicyExpression` (row-level security) are all compiled from this one table, so a single object,
 * a list and the database itself can never disagree. Change a rule here and nowhere else.
 */
export const SHARING_RULES = {
  /** Before anything else: a suspended partner (or client) sees nothing, not even its own objects. */
  inactiveActorSees: 'NOTHING',
  /** Then, whatever the marking and audience: the object's creator and the home CERT always see it. */
  alwaysSees: ['CREATOR', 'HOME'],
  /** Otherwise the marking (or the default marking, for an object without one) decides. */
  markings: {
    CLEAR: { noAudience: { minTrust: 'PUBLIC' }, audienceSet: 'AUDIENCE_MEMBERS' },
    GREEN: { noAudience: { minTrust: 'COMMUNITY' }, audienceSet: 'AUDIENCE_MEMBERS' },
    AMBER: { noAudience: { minTrust: 'TRUSTED' }, audienceSet: 'AUDIENCE_MEMBERS' },
    'AMBER+STRICT': { noAudience: 'NOBODY_ELSE', audienceSet: 'AUDIENCE_MEMBERS' },
    RED: { noAudience: 'NOBODY_ELSE', audienceSet: 'AUDIENCE_MEMBERS' },
  },
  /** Sensitive fields are shown to viewers at this trust or above, to the creator and to HOME. */
  sensitiveFieldsMinTrust: 'CLOSE',
  /** …and to partners named in the audience by id. Group membership alone does not reveal them. */
  sensitiveFieldsToNamedAudience: 'PARTNER_IDS_ONLY',
} as const satisfies {
  inactiveActorSees: 'NOTHING';
  alwaysSees: readonly ('CREATOR' | 'HOME')[];
  markings: Readonly<Record<TlpLevel, MarkingRule>>;
  sensitiveFieldsMinTrust: TrustLevel;
  sensitiveFieldsToNamedAudience: 'PARTNER_IDS_ONLY';
};
