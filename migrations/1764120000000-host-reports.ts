import type { MigrationInterface, QueryRunner } from 'typeorm';
import { ACTOR_SETTINGS } from '../src/policy/rls-policy';

/** A setting as NULL when unset or emptied (a pooled connection after SET LOCAL ended); InitPlan, once per query. */
const setting = (name: string) => `(SELECT NULLIF(current_setting('${name}', true), ''))`;
const ME = `(SELECT CAST(${setting(ACTOR_SETTINGS.partnerId)} AS uuid))`;
const ACTIVE = `${setting(ACTOR_SETTINGS.active)} = 'true'`;
const HOME = `${setting(ACTOR_SETTINGS.partnerKind)} = 'HOME'`;
/** HOME only; every NULL (no actor) ends as FALSE, so a forgotten session setting shows nothing. */
const HOME_ONLY = `COALESCE(${ACTIVE} AND ${HOME}, FALSE)`;
/** The ownership rule of host reports and networks: HOME sees all, an owner its own. */
const owns = (column: string) => `COALESCE(${ACTIVE} AND (${HOME} OR ${column} = ${ME}), FALSE)`;

/**
 * Compromised-host reports routed to the owners of networks (see docs/host-reports.md).
 * `host_networks`: prefixes and AS numbers partners answer for; `host_report_feeds`: named sources and how
 * to read them; `host_report_imports` and `host_report_rejects`: one record per import and its bad rows;
 * `host_reports`: one row per (address, threat, UTC day), routed to an owner or NULL (the UNROUTED queue).
 * Visibility is ownership, enforced again here by row-level security for cx_app.
 */
export class HostReports1764120000000 implements MigrationInterface {
  name = 'HostReports1764120000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE host_networks (
        id bigserial PRIMARY KEY,
        partner_id uuid NOT NULL REFERENCES partners (id),
        prefix cidr NULL,
        asn bigint NULL CHECK (asn BETWEEN 0 AND 4294967295),
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((prefix IS NULL) <> (asn IS NULL))
      )`);
    // One owner per exact prefix or AS: overlapping prefixes are fine (the longest match wins), equal ones ambiguous.
    await q.query(`CREATE UNIQUE INDEX host_networks_prefix_key ON host_networks (prefix) WHERE prefix IS NOT NULL`);
    await q.query(`CREATE UNIQUE INDEX host_networks_asn_key ON host_networks (asn) WHERE asn IS NOT NULL`);
    // No GiST (inet_ops) index: the planner preferred it for the routing probe's equality, at ~0.12 ms per
    // address against a few µs for this btree (see host_network_route). This one lists the prefix lengths in use.
    await q.query(`CREATE INDEX host_networks_lengths ON host_networks ((family(prefix) * 1000 + masklen(prefix))) WHERE prefix IS NOT NULL`);
    await q.query(`CREATE INDEX host_networks_partner ON host_networks (partner_id, id)`);

    await q.query(`
      CREATE TABLE host_report_feeds (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL CHECK (name ~ '^[A-Za-z0-9][A-Za-z0-9 ._/-]{0,63}$'),
        format text NOT NULL CHECK (format IN ('CSV', 'JSONL', 'STIX')),
        mapping jsonb NOT NULL CHECK (jsonb_typeof(mapping) = 'object'),
        threat_map jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(threat_map) = 'object'),
        partial boolean NOT NULL DEFAULT false,
        max_bytes bigint NULL CHECK (max_bytes > 0),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX host_report_feeds_name_key ON host_report_feeds (lower(name))`);

    await q.query(`
      CREATE TABLE host_report_imports (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        feed_id uuid NOT NULL REFERENCES host_report_feeds (id),
        status text NOT NULL CHECK (status IN ('RUNNING', 'SUCCEEDED', 'PARTIAL', 'FAILED')),
        channel text NOT NULL,
        file_name text NULL,
        bytes bigint NOT NULL DEFAULT 0,
        rows_read bigint NOT NULL DEFAULT 0,
        accepted bigint NOT NULL DEFAULT 0,
        duplicates bigint NOT NULL DEFAULT 0,
        unrouted bigint NOT NULL DEFAULT 0,
        rejected bigint NOT NULL DEFAULT 0,
        problems jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(problems) = 'array'),
        client_id text NULL,
        started_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz NULL
      )`);
    await q.query(`CREATE INDEX host_report_imports_feed ON host_report_imports (feed_id, started_at)`);
    await q.query(`
      CREATE TABLE host_report_rejects (
        import_id uuid NOT NULL REFERENCES host_report_imports (id),
        line bigint NOT NULL,
        reason text NOT NULL,
        raw text NOT NULL
      )`);
    await q.query(`CREATE INDEX host_report_rejects_import ON host_report_rejects (import_id, line)`);

    // No foreign keys on owner_partner_id and network_id: they come from host_networks (whose partner_id is
    // checked), partners are never deleted, and the two FK checks cost a quarter of each import batch.
    // network_id names the network that routed the report and may outlive it.
    await q.query(`
      CREATE TABLE host_reports (
        id bigserial PRIMARY KEY,
        ip inet NOT NULL,
        threat text NOT NULL,
        day date NOT NULL,
        first_seen timestamptz NOT NULL,
        last_seen timestamptz NOT NULL,
        count bigint NOT NULL CHECK (count > 0),
        sources text[] NOT NULL,
        port integer NULL CHECK (port BETWEEN 0 AND 65535),
        asn bigint NULL,
        hostname text NULL,
        url text NULL,
        owner_partner_id uuid NULL,
        network_id bigint NULL,
        routed_by text NULL CHECK (routed_by IN ('PREFIX', 'ASN')),
        status text NOT NULL DEFAULT 'NEW' CHECK (status IN ('NEW', 'NOTIFIED', 'REMEDIATED', 'FALSE_POSITIVE')),
        status_changed_at timestamptz NULL,
        remediated_at timestamptz NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT host_reports_dedup UNIQUE (ip, threat, day)
      )`);
    // Owners page their own newest first; HOME pages all or the UNROUTED queue.
    await q.query(`CREATE INDEX host_reports_owner ON host_reports (owner_partner_id, id)`);
    await q.query(`CREATE INDEX host_reports_unrouted ON host_reports (id) WHERE owner_partner_id IS NULL`);
    await q.query(`CREATE INDEX host_reports_created ON host_reports (created_at)`);
    await q.query(`CREATE INDEX host_reports_day ON host_reports (day)`);
    // No GiST on ip: under RLS containment (<<=) cannot use it, and it slowed imports. The prefix filter is a
    // btree range on ip, served by host_reports_dedup (ip leads it).

    await q.query(`ALTER TABLE host_networks ENABLE ROW LEVEL SECURITY`);
    await q.query(`CREATE POLICY host_networks_visible ON host_networks FOR SELECT TO cx_app USING (${owns('partner_id')})`);
    await q.query(`CREATE POLICY host_networks_insert ON host_networks FOR INSERT TO cx_app WITH CHECK (${HOME_ONLY})`);
    await q.query(`CREATE POLICY host_networks_delete ON host_networks FOR DELETE TO cx_app USING (${HOME_ONLY})`);
    for (const table of ['host_report_feeds', 'host_report_imports', 'host_report_rejects']) {
      await q.query(`ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`);
      await q.query(`CREATE POLICY ${table}_home ON ${table} FOR ALL TO cx_app USING (${HOME_ONLY}) WITH CHECK (${HOME_ONLY})`);
    }
    await q.query(`ALTER TABLE host_reports ENABLE ROW LEVEL SECURITY`);
    await q.query(`CREATE POLICY host_reports_visible ON host_reports FOR SELECT TO cx_app USING (${owns('owner_partner_id')})`);
    // Only HOME imports; an owner may update (its status) only rows it owns, and cannot hand them to anyone else.
    await q.query(`CREATE POLICY host_reports_insert ON host_reports FOR INSERT TO cx_app WITH CHECK (${HOME_ONLY})`);
    await q.query(`CREATE POLICY host_reports_update ON host_reports FOR UPDATE TO cx_app USING (${owns('owner_partner_id')}) WITH CHECK (${owns('owner_partner_id')})`);

    // Routing for a batch, as the owner. Measured on 50,000 prefixes: a GiST (inet_ops) >>= lookup costs
    // ~0.15 ms per address, and under RLS cx_app could not use it at all (inet containment operators are not
    // leakproof, so the policy filters first and every lookup scans all networks). Probing the unique btree
    // for each prefix length actually registered (few: /16, /20, /24 …) costs a few µs per address.
    // It answers only a session whose actor is an active HOME (the importer); for anyone else it routes nothing.
    await q.query(`
      CREATE FUNCTION host_network_route(ips inet[], asns bigint[])
      RETURNS TABLE (ord bigint, network_id bigint, partner_id uuid, routed_by text)
      LANGUAGE sql STABLE SECURITY DEFINER
      SET search_path = pg_catalog, public, pg_temp
      AS $$
        WITH RECURSIVE lengths (k) AS (
          -- The distinct (family, length) pairs registered, by a loose scan of host_networks_lengths.
          SELECT min(family(prefix) * 1000 + masklen(prefix)) FROM public.host_networks WHERE prefix IS NOT NULL AND ${HOME_ONLY}
          UNION ALL
          SELECT (SELECT min(family(n.prefix) * 1000 + masklen(n.prefix)) FROM public.host_networks n
                   WHERE n.prefix IS NOT NULL AND family(n.prefix) * 1000 + masklen(n.prefix) > l.k)
            FROM lengths l WHERE l.k IS NOT NULL
        ), input AS MATERIALIZED (
          SELECT u.ip, u.asn, u.ord FROM unnest(ips, asns) WITH ORDINALITY AS u(ip, asn, ord)
        ), by_prefix AS (
          -- Every registered prefix containing the address is one of its truncations to a registered length.
          SELECT DISTINCT ON (i.ord) i.ord, n.id, n.partner_id
            FROM input i JOIN lengths l ON l.k IS NOT NULL AND l.k / 1000 = family(i.ip)
            JOIN public.host_networks n ON n.prefix = cidr(set_masklen(i.ip, l.k % 1000))
           ORDER BY i.ord, l.k DESC
        )
        SELECT i.ord, COALESCE(bp.id, ba.id), COALESCE(bp.partner_id, ba.partner_id),
               CASE WHEN bp.id IS NOT NULL THEN 'PREFIX' WHEN ba.id IS NOT NULL THEN 'ASN' END
          FROM input i LEFT JOIN by_prefix bp ON bp.ord = i.ord
          LEFT JOIN LATERAL (SELECT n.id, n.partner_id FROM public.host_networks n
                              WHERE n.asn = i.asn AND ${HOME_ONLY} LIMIT 1) ba ON bp.id IS NULL AND i.asn IS NOT NULL
      $$`);
    await q.query(`REVOKE ALL ON FUNCTION host_network_route(inet[], bigint[]) FROM PUBLIC`);
    await q.query(`GRANT EXECUTE ON FUNCTION host_network_route(inet[], bigint[]) TO cx_app`);

    await q.query(`GRANT SELECT, INSERT, DELETE ON host_networks TO cx_app`);
    await q.query(`GRANT SELECT, INSERT, UPDATE ON host_report_feeds, host_report_imports TO cx_app`);
    await q.query(`GRANT SELECT, INSERT ON host_report_rejects TO cx_app`);
    await q.query(`GRANT SELECT, INSERT ON host_reports TO cx_app`);
    await q.query(
      `GRANT UPDATE (last_seen, first_seen, count, sources, port, asn, hostname, url, owner_partner_id, network_id, routed_by, status, status_changed_at, remediated_at, updated_at) ON host_reports TO cx_app`,
    );
    await q.query(`GRANT USAGE ON SEQUENCE host_networks_id_seq, host_reports_id_seq TO cx_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION host_network_route(inet[], bigint[])`);
    await q.query(`DROP TABLE host_reports, host_report_rejects, host_report_imports, host_report_feeds, host_networks`);
  }
}
