import type { MigrationInterface, QueryRunner } from 'typeorm';
import { ACTOR_SETTINGS } from '../src/policy/rls-policy';

/** The session's partner, NULL without one, and whether it is active (see 1764110000000-stix-objects). */
const ME = `(SELECT CAST(NULLIF(current_setting('${ACTOR_SETTINGS.partnerId}', true), '') AS uuid))`;
const ACTIVE = `(SELECT NULLIF(current_setting('${ACTOR_SETTINGS.active}', true), '')) = 'true'`;

/**
 * TAXII 2.1 (src/taxii): the status resources of POSTed envelopes, readable only by the partner that
 * posted them, and `taxii_commit_horizon()`, the start of the oldest transaction still running in this
 * database: rows added (received_at = their transaction's start) before it are all committed, so a page
 * that stops there never skips a row that commits later with an earlier (received_at, seq).
 */
export class Taxii1764130000000 implements MigrationInterface {
  name = 'Taxii1764130000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE taxii_statuses (
        id uuid PRIMARY KEY,
        owner_partner_id uuid NOT NULL,
        client_id text NOT NULL,
        collection_id uuid NOT NULL,
        request_timestamp timestamptz(6) NOT NULL,
        status text NOT NULL CHECK (status IN ('pending', 'complete')),
        total_count integer NOT NULL,
        success_count integer NOT NULL,
        failure_count integer NOT NULL,
        pending_count integer NOT NULL,
        successes jsonb NOT NULL,
        failures jsonb NOT NULL,
        CHECK (success_count + failure_count + pending_count = total_count)
      )`);
    await q.query(`CREATE INDEX taxii_statuses_request_timestamp ON taxii_statuses (request_timestamp)`);
    await q.query(`ALTER TABLE taxii_statuses ENABLE ROW LEVEL SECURITY`);
    await q.query(`CREATE POLICY taxii_statuses_own ON taxii_statuses FOR SELECT TO cx_app USING (${ACTIVE} AND owner_partner_id = ${ME})`);
    await q.query(`CREATE POLICY taxii_statuses_insert ON taxii_statuses FOR INSERT TO cx_app WITH CHECK (${ACTIVE} AND owner_partner_id = ${ME})`);
    await q.query(`CREATE POLICY taxii_statuses_expire ON taxii_statuses FOR DELETE TO cx_app USING (${ACTIVE} AND owner_partner_id = ${ME})`);
    await q.query(`GRANT SELECT, INSERT, DELETE ON taxii_statuses TO cx_app`);

    // SECURITY DEFINER: cx_app may not read other sessions' xact_start in pg_stat_activity (they log in as
    // the owner). It returns one timestamp, nothing about the sessions. Our own transaction is counted too,
    // so the answer is never later than the caller's now().
    await q.query(`
      CREATE FUNCTION taxii_commit_horizon() RETURNS timestamptz
      LANGUAGE sql VOLATILE SECURITY DEFINER
      SET search_path = pg_catalog, pg_temp
      AS $$
        SELECT least(now(), min(a.xact_start)) FROM pg_stat_activity a
         WHERE a.datname = current_database() AND a.backend_type = 'client backend' AND a.xact_start IS NOT NULL
      $$`);
    await q.query(`REVOKE ALL ON FUNCTION taxii_commit_horizon() FROM PUBLIC`);
    await q.query(`GRANT EXECUTE ON FUNCTION taxii_commit_horizon() TO cx_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION taxii_commit_horizon()`);
    await q.query(`DROP TABLE taxii_statuses`);
  }
}
