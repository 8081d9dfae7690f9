/** The sharing policy's public surface; import from here, not from the files behind it. */
export { TLP_LEVELS, DEFAULT_TLP, isTlpLevel, tlpRank, assertTlpLevel, type TlpLevel } from './tlp';
export { SHARING_COLUMNS, hasAudience, type Shareable } from './shareable';
export { SHARING_RULES } from './sharing-rules';
export { canSee, levelsVisibleWithoutAudience } from './can-see';
export { visibleToSql, visibleToWhere, visibleToViewersSql, viewerValues, type NamedSqlCondition, type ViewerValues } from './visible-to-sql';
export { type SqlCondition } from './sql-fragments';
export { ACTOR_SETTINGS, actorSessionSettings, rlsPolicyExpression, rlsPolicyStatements } from './rls-policy';
export { assertCanChangeSharing, sharingChanged, sharingLoosenings, type Sharing } from './sharing-change';
export { canSeeSensitive, redact, redactWith, type Redacted } from './redact';
export { POLICY_DEFAULT_TLP } from './policy.tokens';
export { PolicyModule, type PolicyModuleOptions } from './policy.module';
export { PolicyService } from './policy.service';
