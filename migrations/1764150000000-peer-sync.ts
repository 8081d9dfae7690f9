import type { MigrationInterface, QueryRunner } from 'typeorm';
import { ACTOR_SETTINGS } from '../src/policy/rls-policy';

const ME = `(SELECT CAST(NULLIF(current_setting('${ACTOR_SETTINGS.partnerId}', true), '') AS uuid))`;
const ACTIVE = `(SELECT NULLIF(current_setting('${ACTOR_SETTINGS.active}', true), '')) = 'true'`;
const HOME = `(SELECT NULLIF(current_setting('${ACTOR_SETTINGS.partnerKind}', true), '')) = 'HOME'`;
const HOME_ONLY = `COALESCE(${ACTIVE} AND ${HOME}, FALSE)`;
/** HOME, or a session acting as the peer's partner: a pulled page's cursor and quarantine commit with its objects. */
const HOME_OR_PEER = `COALESCE(${ACTIVE} AND (${HOME} OR partner_id = ${ME}), FALSE)`;

/**
 * Peer synchronisation (src/sync, docs/sync.md). A peer is a remote TAXII 2.1 server linked to one of our
 * partners; its credentials are stored encrypted (AES-256-GCM, SYNC_SECRET_KEY) and never returned.
 * Cursors, the quarantine and the run history are HOME's; a pull writes its page's objects, cursor and
 * quarantined objects in one transaction as the peer's partner, which the HOME_OR_PEER policies allow.
 */
export class PeerSync1764150000000 implements MigrationInterface {
  name = 'PeerSync1764150000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE sync_peers (
        id uuid PRIMARY KEY,
        name text NOT NULL CHECK (name ~ '^[a-z0-9][a-z0-9_-]{0,39}$'),
        partner_id uuid NOT NULL REFERENCES partners (id),
        base_url text NOT NULL,
        api_root text NOT NULL,
        collections text[] NOT NULL CHECK (cardinality(collections) > 0),
        push_collection text NULL,
        direction text NOT NULL CHECK (direction IN ('PULL', 'PUSH', 'BOTH')),
        auth_method text NOT NULL CHECK (auth_method IN ('CLIENT_SECRET', 'PRIVATE_KEY_JWT', 'BASIC')),
        token_url text NULL,
        assertion_audience text NULL,
        client_id text NOT NULL,
        secret_sealed text NULL,
        private_key_sealed text NULL,
        public_jwk jsonb NULL,
        schedule text NULL,
        page_size integer NOT NULL CHECK (page_size BETWEEN 1 AND 10000),
        egress_types text[] NULL,
        egress_max_tlp text NULL CHECK (egress_max_tlp IN ('CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT')),
        remote_identity text NULL,
        enabled boolean NOT NULL DEFAULT true,
        next_run_at timestamptz NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX sync_peers_name ON sync_peers (name)`);

    // Where each direction of each collection has got to: PULL holds the last X-TAXII-Date-Added-Last,
    // PUSH the last (received_at, seq) sent. partner_id repeats the peer's, for the write policy.
    await q.query(`
      CREATE TABLE sync_cursors (
        peer_id uuid NOT NULL REFERENCES sync_peers (id) ON DELETE CASCADE,
        partner_id uuid NOT NULL,
        direction text NOT NULL CHECK (direction IN ('PULL', 'PUSH')),
        collection text NOT NULL,
        position text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (peer_id, direction, collection)
      )`);

    await q.query(`
      CREATE TABLE sync_quarantine (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        peer_id uuid NOT NULL REFERENCES sync_peers (id) ON DELETE CASCADE,
        partner_id uuid NOT NULL,
        collection text NOT NULL,
        stix_id text NULL,
        object jsonb NOT NULL,
        reason text NOT NULL,
        status text NOT NULL DEFAULT 'HELD' CHECK (status IN ('HELD', 'ACCEPTED', 'DISCARDED')),
        received_at timestamptz NOT NULL DEFAULT now(),
        resolved_at timestamptz NULL
      )`);
    await q.query(`CREATE INDEX sync_quarantine_held ON sync_quarantine (peer_id, received_at) WHERE status = 'HELD'`);

    await q.query(`
      CREATE TABLE sync_runs (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        peer_id uuid NOT NULL REFERENCES sync_peers (id) ON DELETE CASCADE,
        trigger text NOT NULL CHECK (trigger IN ('SCHEDULE', 'MANUAL', 'CLI')),
        status text NOT NULL CHECK (status IN ('RUNNING', 'OK', 'FAILED', 'ABORTED')),
        started_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        finished_at timestamptz NULL,
        pulled integer NOT NULL DEFAULT 0,
        duplicates integer NOT NULL DEFAULT 0,
        echoes integer NOT NULL DEFAULT 0,
        quarantined integer NOT NULL DEFAULT 0,
        pushed integer NOT NULL DEFAULT 0,
        push_failures integer NOT NULL DEFAULT 0,
        error text NULL
      )`);
    await q.query(`CREATE INDEX sync_runs_peer ON sync_runs (peer_id, started_at DESC)`);

    // The exchange (its HOME identity) where a synced object was first stored, so it is never sent back
    // there, also round a ring A→B→C→A. No RLS, like stix_observables: only ever read joined to
    // stix_objects under RLS and the policy condition, so it says nothing about an object one cannot see.
    await q.query(`
      CREATE TABLE sync_origins (
        object_seq bigint PRIMARY KEY REFERENCES stix_objects (seq),
        origin text NOT NULL
      )`);
    await q.query(`CREATE INDEX stix_objects_peer ON stix_objects (peer, received_at, seq) WHERE peer IS NOT NULL`);

    await q.query(`ALTER TABLE sync_peers ENABLE ROW LEVEL SECURITY`);
    await q.query(`CREATE POLICY sync_peers_home ON sync_peers FOR ALL TO cx_app USING (${HOME_ONLY}) WITH CHECK (${HOME_ONLY})`);
    await q.query(`ALTER TABLE sync_runs ENABLE ROW LEVEL SECURITY`);
    await q.query(`CREATE POLICY sync_runs_home ON sync_runs FOR ALL TO cx_app USING (${HOME_ONLY}) WITH CHECK (${HOME_ONLY})`);
    for (const table of ['sync_cursors', 'sync_quarantine']) {
      await q.query(`ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`);
      await q.query(`CREATE POLICY ${table}_home_or_peer ON ${table} FOR ALL TO cx_app USING (${HOME_OR_PEER}) WITH CHECK (${HOME_OR_PEER})`);
    }
    await q.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON sync_peers TO cx_app`);
    await q.query(`GRANT SELECT, INSERT, UPDATE ON sync_cursors, sync_quarantine, sync_runs TO cx_app`);
    await q.query(`GRANT SELECT, INSERT ON sync_origins TO cx_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX stix_objects_peer`);
    await q.query(`DROP TABLE sync_origins, sync_runs, sync_quarantine, sync_cursors, sync_peers`);
  }
}
