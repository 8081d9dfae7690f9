import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Host-report feeds pulled from a URL on a schedule (docs/host-reports.md): where (`url`, http or https),
 * when (`schedule`, a five-field cron in UTC) and how to authenticate (`auth_header`, a header name, whose
 * value is read from the environment variable named by `auth_env` at each pull: no secret is stored here).
 * Also drops host_reports_unrouted: host_reports_owner (owner_partner_id, id) serves the UNROUTED queue
 * (owner_partner_id IS NULL) as well, and every unrouted row paid for both at import.
 */
export class HostFeedPulls1764170000000 implements MigrationInterface {
  name = 'HostFeedPulls1764170000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE host_report_feeds
        ADD COLUMN url text NULL CHECK (url ~ '^https?://' AND length(url) <= 2048),
        ADD COLUMN schedule text NULL CHECK (schedule ~ '^\\S+( \\S+){4}$'),
        ADD COLUMN auth_header text NULL CHECK (auth_header ~ '^[A-Za-z0-9-]{1,64}$'),
        ADD COLUMN auth_env text NULL CHECK (auth_env ~ '^[A-Z_][A-Z0-9_]{0,127}$'),
        ADD CONSTRAINT host_report_feeds_schedule_url CHECK (schedule IS NULL OR url IS NOT NULL),
        ADD CONSTRAINT host_report_feeds_auth CHECK ((auth_header IS NULL) = (auth_env IS NULL) AND (auth_header IS NULL OR url IS NOT NULL))`);
    await q.query(`DROP INDEX host_reports_unrouted`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX host_reports_unrouted ON host_reports (id) WHERE owner_partner_id IS NULL`);
    await q.query(`
      ALTER TABLE host_report_feeds DROP CONSTRAINT host_report_feeds_auth, DROP CONSTRAINT host_report_feeds_schedule_url,
        DROP COLUMN auth_env, DROP COLUMN auth_header, DROP COLUMN schedule, DROP COLUMN url`);
  }
}
