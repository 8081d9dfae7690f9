import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The tamper-evident audit trail (see docs/audit.md): `audit_events`, a hash chain partitioned by month,
 * and `audit_anchors`, copies of the chain head kept outside it. Both are append-only: cx_app may only
 * INSERT and SELECT, and a trigger rejects UPDATE, DELETE and TRUNCATE from anyone, the owner included.
 * cx_app cannot run DDL, so monthly partitions come from `audit_ensure_partition`, a SECURITY DEFINER
 * function owned by the migration owner.
 */
export class AuditTrail1764100000000 implements MigrationInterface {
  name = 'AuditTrail1764100000000';

  async up(q: QueryRunner): Promise<void> {
    // No unique index on sequence: on a partitioned table a unique key must include the partition key.
    // Uniqueness and the absence of gaps come from the append lock and are proven by verify().
    await q.query(`
      CREATE TABLE audit_events (
        sequence bigint NOT NULL CHECK (sequence > 0),
        time timestamptz NOT NULL,
        actor_client_id text NULL CHECK (length(actor_client_id) <= 200),
        partner_id text NULL CHECK (length(partner_id) <= 200),
        action text NOT NULL CHECK (action ~ '^[a-z][a-z0-9-]*(\\.[a-z][a-z0-9-]*)+$'),
        channel text NOT NULL CHECK (channel IN ('graphql','taxii','sync','cli','http','system')),
        request_id text NULL CHECK (length(request_id) <= 200),
        source_address text NULL CHECK (length(source_address) <= 100),
        outcome text NOT NULL CHECK (outcome IN ('ok','denied','error')),
        target_ids text[] NOT NULL DEFAULT '{}',
        details jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(details) = 'object'),
        prev_hash bytea NOT NULL CHECK (length(prev_hash) = 32),
        hash bytea NOT NULL CHECK (length(hash) = 32)
      ) PARTITION BY RANGE (time)`);
    // A row whose month has no partition yet lands here rather than failing the caller's write.
    await q.query(`CREATE TABLE audit_events_default PARTITION OF audit_events DEFAULT`);

    // Searches are newest first by sequence, so each filter column leads a (column, sequence) index.
    await q.query(`CREATE INDEX audit_events_sequence ON audit_events (sequence)`);
    // time grows with sequence, so a BRIN index serves time ranges at a fraction of a btree's insert cost.
    await q.query(`CREATE INDEX audit_events_time ON audit_events USING brin (time)`);
    await q.query(`CREATE INDEX audit_events_actor ON audit_events (actor_client_id, sequence) WHERE actor_client_id IS NOT NULL`);
    await q.query(`CREATE INDEX audit_events_partner ON audit_events (partner_id, sequence) WHERE partner_id IS NOT NULL`);
    await q.query(`CREATE INDEX audit_events_action ON audit_events (action, sequence)`);
    await q.query(`CREATE INDEX audit_events_outcome ON audit_events (outcome, sequence) WHERE outcome <> 'ok'`);
    await q.query(`CREATE INDEX audit_events_targets ON audit_events USING gin (target_ids)`);

    await q.query(`
      CREATE TABLE audit_anchors (
        sequence bigint PRIMARY KEY CHECK (sequence > 0),
        hash bytea NOT NULL CHECK (length(hash) = 32),
        event_time timestamptz NOT NULL,
        anchored_at timestamptz NOT NULL DEFAULT now()
      )`);

    await q.query(`
      CREATE FUNCTION audit_reject_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit trail is append-only: % on % rejected', TG_OP, TG_TABLE_NAME
          USING ERRCODE = 'insufficient_privilege';
      END $$`);
    // Row triggers on a partitioned table are cloned to every partition, present and future; TRUNCATE
    // triggers are not, so audit_ensure_partition adds one to each partition it creates.
    await q.query(`
      CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events
      FOR EACH ROW EXECUTE FUNCTION audit_reject_change()`);
    for (const table of ['audit_events', 'audit_events_default', 'audit_anchors']) {
      await q.query(`CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION audit_reject_change()`);
    }
    await q.query(`
      CREATE TRIGGER audit_anchors_append_only BEFORE UPDATE OR DELETE ON audit_anchors
      FOR EACH ROW EXECUTE FUNCTION audit_reject_change()`);

    // Creates the partition for the month holding `at` (UTC) unless it exists. Returns its name, or NULL
    // when rows for that month already sit in the DEFAULT partition (moving them would need a DELETE,
    // which the trigger forbids; they stay there and are still found). The lock timeout keeps a busy
    // table from stalling appenders behind this DDL: the caller retries on its next run.
    await q.query(`
      CREATE FUNCTION audit_ensure_partition(at timestamptz) RETURNS text
      LANGUAGE plpgsql SECURITY DEFINER
      SET search_path = pg_catalog, public, pg_temp
      SET "TimeZone" = 'UTC'
      SET lock_timeout = '5s'
      AS $$
      DECLARE
        month_start timestamptz := date_trunc('month', at);
        month_end timestamptz := date_trunc('month', at) + interval '1 month';
        name text := format('audit_events_y%sm%s', to_char(month_start, 'YYYY'), to_char(month_start, 'MM'));
      BEGIN
        IF to_regclass(format('public.%I', name)) IS NOT NULL THEN RETURN name; END IF;
        PERFORM pg_advisory_xact_lock(4242424201);
        IF to_regclass(format('public.%I', name)) IS NOT NULL THEN RETURN name; END IF;
        IF EXISTS (SELECT 1 FROM public.audit_events_default WHERE time >= month_start AND time < month_end) THEN
          RETURN NULL;
        END IF;
        EXECUTE format('CREATE TABLE public.%I PARTITION OF public.audit_events FOR VALUES FROM (%L) TO (%L)',
          name, month_start, month_end);
        EXECUTE format('CREATE TRIGGER %I BEFORE TRUNCATE ON public.%I FOR EACH STATEMENT EXECUTE FUNCTION public.audit_reject_change()',
          name || '_no_truncate', name);
        RETURN name;
      END $$`);
    await q.query(`REVOKE ALL ON FUNCTION audit_ensure_partition(timestamptz) FROM PUBLIC`);
    await q.query(`GRANT EXECUTE ON FUNCTION audit_ensure_partition(timestamptz) TO cx_app`);
    await q.query(`SELECT audit_ensure_partition(now()), audit_ensure_partition(now() + interval '1 month')`);

    await q.query(`GRANT SELECT, INSERT ON audit_events, audit_anchors TO cx_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    // Dropping the audit trail is deliberate destruction of evidence: down exists for development only.
    await q.query(`DROP FUNCTION audit_ensure_partition(timestamptz)`);
    await q.query(`DROP TABLE audit_anchors`);
    await q.query(`DROP TABLE audit_events`);
    await q.query(`DROP FUNCTION audit_reject_change()`);
  }
}
