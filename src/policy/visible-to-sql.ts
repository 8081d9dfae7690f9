import type { Actor } from '../auth/actor';
import { isHomeActor, levelsVisibleWithoutAudience } from './can-see';
import { columnRef, type SqlCondition } from './sql-fragments';
import { DEFAULT_TLP, type TlpLevel } from './tlp';

/**
 * The rule table compiled for one known actor into a query condition. The actor is known when the
 * query is built, so the table is folded in TypeScript (suspended → FALSE, HOME → TRUE, which markings
 * this trust level admits) and the database only checks the row's own columns. Every actor value is a
 * parameter; `placeholder(i)` names the i-th (0-based) one.
 */
function compile(actor: Actor, alias: string, defaultTlp: TlpLevel, placeholder: (i: number) => string): SqlCondition {
  const values = viewerValues(actor, defaultTlp);
  if (values === null) return { sql: actor.active ? 'TRUE' : 'FALSE', params: [] };
  return { sql: ruleSql(alias, placeholder), params: [values.me, values.fallback, values.levels, values.groups] };
}

/** The unfolded rule over the row's columns; the viewer's four values come from `placeholder(0..3)`. */
function ruleSql(alias: string, placeholder: (i: number) => string): string {
  const col = columnRef(alias);
  const [me, fallback, levels, groups] = [0, 1, 2, 3].map(placeholder);
  // CAST(… AS …), not `::`, so the same text survives TypeORM's `:name` parameter rewriting.
  // COALESCE(…, FALSE): NULLs inside (a NULL array element) must never turn into "unknown", which a
  // caller's NOT(…) would flip into "visible".
  const sql =
    `COALESCE((${col('ownerPartnerId')} = CAST(${me} AS uuid)` +
    ` OR CASE WHEN ${col('audiencePartners')} IS NULL AND ${col('audienceGroups')} IS NULL` +
    ` THEN COALESCE(${col('tlp')}, ${fallback}) = ANY(CAST(${levels} AS text[]))` +
    ` ELSE (CAST(${me} AS uuid) = ANY(${col('audiencePartners')}) OR ${col('audienceGroups')} && CAST(${groups} AS text[]))` +
    ` END), FALSE)`;
  return sql;
}

/** What the compiled rule needs to know of one viewer. */
export interface ViewerValues {
  readonly me: string;
  readonly fallback: TlpLevel;
  readonly levels: TlpLevel[];
  readonly groups: string[];
}

/** A viewer's values, or null where the table folds the rule: suspended (sees nothing), HOME (sees all). */
export function viewerValues(viewer: Pick<Actor, 'partnerId' | 'partnerKind' | 'trust' | 'groups' | 'active'>, defaultTlp: TlpLevel = DEFAULT_TLP): ViewerValues | null {
  if (!viewer.active || isHomeActor(viewer)) return null;
  return { me: viewer.partnerId, fallback: defaultTlp, levels: levelsVisibleWithoutAudience(viewer.trust), groups: [...viewer.groups] };
}

/**
 * The same rule for many viewers in one set-based query (HOME's sharing report): each viewer's values
 * are the columns `me, fallback, levels, groups` of the row `viewer` (one per viewer, from
 * `viewerValues`) instead of parameters. Viewers for which the rule folds have no row: the caller
 * answers for them (a suspended partner sees nothing).
 */
export function visibleToViewersSql(alias: string, viewer: string): string {
  const columns = ['me', 'fallback', 'levels', 'groups'];
  return ruleSql(alias, (i) => `${viewer}.${columns[i]}`);
}

/**
 * The SQL condition selecting exactly the rows `canSee(actor, row)` accepts, for lists. `paramOffset`
 * is how many positional parameters the query already uses: ours are `$paramOffset+1` onwards.
 * Counts, totals and "has next page" must be computed under this same condition.
 */
export function visibleToSql(actor: Actor, alias: string, paramOffset = 0, defaultTlp: TlpLevel = DEFAULT_TLP): SqlCondition {
  if (!Number.isInteger(paramOffset) || paramOffset < 0) throw new Error(`paramOffset must be a whole number (got ${paramOffset})`);
  return compile(actor, alias, defaultTlp, (i) => `$${paramOffset + i + 1}`);
}

/** The same condition with named parameters, for TypeORM's `qb.andWhere(where, parameters)`. */
export interface NamedSqlCondition {
  readonly where: string;
  readonly parameters: Record<string, unknown>;
}

export function visibleToWhere(actor: Actor, alias: string, defaultTlp: TlpLevel = DEFAULT_TLP): NamedSqlCondition {
  // Prefixed by alias so two visibility conditions (a join) in one query do not collide.
  const name = (i: number): string => `cx_policy_${alias}_${i}`;
  const { sql, params } = compile(actor, alias, defaultTlp, (i) => `:${name(i)}`);
  return { where: sql, parameters: Object.fromEntries(params.map((value, i) => [name(i), value])) };
}
