import type { MigrationInterface, QueryRunner } from 'typeorm';
import { rlsPolicyStatements } from '../src/policy/rls-policy';

/** What a figure is counted by: the statistics' groups, plus the sharing columns the policy reads. */
const KEY = 'month, category, subcategory, source, exercise, tlp, audience_partners, audience_groups, owner_partner_id';
const KEY_OF_ROW = `CAST(date_trunc('month', reported_at AT TIME ZONE 'UTC') AS date), category, subcategory, source, exercise, tlp, audience_partners, audience_groups, owner_partner_id`;

/** Adds `sign` × the rows of a transition table, grouped by key, in key order (two writers lock keys in one order). */
const apply = (rows: string, sign: '+' | '-') => `SELECT ${KEY_OF_ROW}, ${sign} count(*) AS n FROM ${rows} GROUP BY ${KEY_OF_ROW}`;
const upsert = (delta: string) => `
  INSERT INTO incident_figures AS f (${KEY}, n)
  SELECT ${KEY}, sum(n) FROM (${delta}) d(${KEY}, n) GROUP BY ${KEY} HAVING sum(n) <> 0 ORDER BY ${KEY}
  ON CONFLICT (${KEY}) DO UPDATE SET n = f.n + EXCLUDED.n`;

/**
 * incidentStatistics from a rollup kept exact by the database itself: `incident_figures` holds, per UTC
 * month × category × subcategory × source × drill flag and per sharing (marking, audience, owner), how
 * many incidents there are. Statement triggers with transition tables adjust it in the writing
 * transaction, so it is never ahead of or behind the incidents, however they are written (the app, a
 * bulk load, an operator). The rows carry the sharing columns under their usual names, so the policy's
 * condition and RLS apply to them unchanged: a partner sums only the groups of incidents it may see.
 * A year is then a sum over a few hundred rows instead of a scan of every incident (docs/incidents-and-cases.md).
 */
export class IncidentFigures1764180000000 implements MigrationInterface {
  name = 'IncidentFigures1764180000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE incident_figures (
        month date NOT NULL CHECK (extract(day FROM month) = 1),
        category text NOT NULL,
        subcategory text NOT NULL,
        source text NOT NULL,
        exercise boolean NOT NULL,
        tlp text NULL,
        audience_partners uuid[] NULL,
        audience_groups text[] NULL,
        owner_partner_id uuid NOT NULL,
        -- No CHECK (n >= 0): a decrement arrives as a proposed row with a negative n that ON CONFLICT adds.
        n int NOT NULL,
        CONSTRAINT incident_figures_key UNIQUE NULLS NOT DISTINCT (${KEY})
      )`);
    // The functions run as their owner: the app role reads the figures but never writes them itself.
    const fn = (name: string, body: string) =>
      q.query(`CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
        BEGIN ${body}; RETURN NULL; END $$`);
    await fn('incident_figures_insert', upsert(apply('new_rows', '+')));
    await fn('incident_figures_delete', upsert(apply('old_rows', '-')));
    await fn('incident_figures_update', upsert(`${apply('new_rows', '+')} UNION ALL ${apply('old_rows', '-')}`));
    await q.query(`CREATE TRIGGER incident_figures_insert AFTER INSERT ON incidents REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION incident_figures_insert()`);
    await q.query(`CREATE TRIGGER incident_figures_delete AFTER DELETE ON incidents REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION incident_figures_delete()`);
    await q.query(
      `CREATE TRIGGER incident_figures_update AFTER UPDATE ON incidents REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION incident_figures_update()`,
    );
    await q.query(`INSERT INTO incident_figures (${KEY}, n) ${apply('incidents', '+')}`);
    for (const statement of rlsPolicyStatements('incident_figures')) await q.query(statement);
    await q.query(`GRANT SELECT ON incident_figures TO cx_app`);
    await q.query(`REVOKE ALL ON FUNCTION incident_figures_insert(), incident_figures_delete(), incident_figures_update() FROM PUBLIC`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER incident_figures_update ON incidents`);
    await q.query(`DROP TRIGGER incident_figures_delete ON incidents`);
    await q.query(`DROP TRIGGER incident_figures_insert ON incidents`);
    await q.query(`DROP FUNCTION incident_figures_update(), incident_figures_delete(), incident_figures_insert()`);
    await q.query(`DROP TABLE incident_figures`);
  }
}
