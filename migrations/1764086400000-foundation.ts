import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The application role: a non-owner so that row-level security binds it; it may use the schema, no more. */
export class Foundation1764086400000 implements MigrationInterface {
  name = 'Foundation1764086400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      DO $$ BEGIN
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'cx_app') THEN
          CREATE ROLE cx_app NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS;
        END IF;
      END $$`);
    // A non-superuser owner must be a member to `SET ROLE cx_app`; superusers need nothing.
    await q.query(`
      DO $$ BEGIN
        IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
          EXECUTE format('GRANT cx_app TO %I', current_user);
        END IF;
      END $$`);
    await q.query(`GRANT USAGE ON SCHEMA public TO cx_app`);
    await q.query(`GRANT SELECT ON schema_migrations TO cx_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`REVOKE SELECT ON schema_migrations FROM cx_app`);
    await q.query(`REVOKE USAGE ON SCHEMA public FROM cx_app`);
  }
}
