import type { MigrationInterface, QueryRunner } from 'typeorm';
import { ACTOR_SETTINGS, rlsPolicyStatements } from '../src/policy/rls-policy';

/** The session's partner, NULL without one (an unset or emptied setting), for the write policies. */
const ME = `(SELECT CAST(NULLIF(current_setting('${ACTOR_SETTINGS.partnerId}', true), '') AS uuid))`;
const ACTIVE = `(SELECT NULLIF(current_setting('${ACTOR_SETTINGS.active}', true), '')) = 'true'`;

/**
 * The STIX 2.1 object store (see src/stix/store/README.md). `stix_objects` keeps every version of every
 * object, one row each; `stix_observables` indexes the values (IPs and CIDRs, domains, URLs, hashes,
 * e-mail addresses) each version speaks about. cx_app reads through the sharing policy (RLS) and may
 * only write rows it owns; versions are never deleted or rewritten, only `is_latest` moves.
 */
export class StixObjects1764110000000 implements MigrationInterface {
  name = 'StixObjects1764110000000';

  async up(q: QueryRunner): Promise<void> {
    // `modified` holds microseconds; `modified_text` the producer's exact string (a STIX timestamp may carry
    // more digits). Objects without `modified` (SCOs, marking definitions) use `created`, or the epoch.
    // Uniqueness is per owner: SCO ids are deterministic (UUIDv5), so two partners may hold the same
    // observable with different markings without either learning of the other's copy. SDO/SRO ids belong
    // to one producer; the service enforces that (stix_object_claims below).
    await q.query(`
      CREATE TABLE stix_objects (
        seq bigserial PRIMARY KEY,
        id text NOT NULL CHECK (id ~ '^[a-z0-9][a-z0-9-]*--[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$'),
        type text NOT NULL,
        spec_version text NOT NULL,
        created timestamptz(6) NULL,
        modified timestamptz(6) NOT NULL,
        modified_text text NULL,
        revoked boolean NOT NULL DEFAULT false,
        created_by_ref text NULL,
        labels text[] NOT NULL DEFAULT '{}',
        object jsonb NOT NULL CHECK (jsonb_typeof(object) = 'object'),
        tlp text NULL CHECK (tlp IN ('CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED')),
        audience_partners uuid[] NULL,
        audience_groups text[] NULL,
        owner_partner_id uuid NOT NULL,
        submitted_by_partner_id uuid NOT NULL,
        submitted_by_client_id text NOT NULL,
        channel text NOT NULL CHECK (channel IN ('graphql', 'taxii', 'sync', 'cli')),
        peer text NULL,
        received_at timestamptz(6) NOT NULL DEFAULT now(),
        is_latest boolean NOT NULL,
        CONSTRAINT stix_objects_version UNIQUE (id, owner_partner_id, modified)
      )`);
    // "The latest version" is one index probe, and there is at most one per (id, owner).
    await q.query(`CREATE UNIQUE INDEX stix_objects_latest ON stix_objects (id, owner_partner_id) WHERE is_latest`);
    // An SDO/SRO id has one producer: the service refuses a foreign version with a clear message, and this
    // index makes the rule hold even for two first submissions of one new id racing each other.
    await q.query(`CREATE UNIQUE INDEX stix_objects_one_producer ON stix_objects (id) WHERE is_latest AND created IS NOT NULL`);
    // List filters page newest first on seq; each filter column leads a (column, seq) index over latest rows.
    await q.query(`CREATE INDEX stix_objects_type ON stix_objects (type, seq) WHERE is_latest`);
    await q.query(`CREATE INDEX stix_objects_created_by ON stix_objects (created_by_ref, seq) WHERE is_latest`);
    await q.query(`CREATE INDEX stix_objects_labels ON stix_objects USING gin (labels) WHERE is_latest`);
    await q.query(`CREATE INDEX stix_objects_modified ON stix_objects (modified) WHERE is_latest`);
    await q.query(`CREATE INDEX stix_objects_received ON stix_objects (received_at, seq)`);
    // Sightings are found from the indicator or observed-data they point at (lookupObservable).
    await q.query(`CREATE INDEX stix_objects_sighting_of ON stix_objects ((object->>'sighting_of_ref')) WHERE type = 'sighting' AND is_latest`);
    await q.query(`CREATE INDEX stix_objects_observed_data_refs ON stix_objects USING gin ((object->'observed_data_refs')) WHERE type = 'sighting' AND is_latest`);

    await q.query(`
      CREATE TABLE stix_observables (
        object_seq bigint NOT NULL REFERENCES stix_objects (seq),
        kind text NOT NULL CHECK (kind IN ('ipv4', 'ipv6', 'domain', 'url', 'file-hash', 'email', 'mac', 'asn')),
        value text NOT NULL,
        cidr cidr NULL,
        hash_algorithm text NULL
      )`);
    await q.query(`CREATE INDEX stix_observables_value ON stix_observables (kind, value)`);
    // && on inet_ops finds both an indicator's 10.0.0.0/8 for 10.1.2.3 and stored hosts inside a queried range.
    await q.query(`CREATE INDEX stix_observables_cidr ON stix_observables USING gist (cidr inet_ops) WHERE cidr IS NOT NULL`);
    await q.query(`CREATE INDEX stix_observables_object ON stix_observables (object_seq)`);

    for (const statement of rlsPolicyStatements('stix_objects')) await q.query(statement);
    // Writes: only the session's own, active partner, and only its own rows.
    await q.query(`CREATE POLICY stix_objects_insert ON stix_objects FOR INSERT TO cx_app WITH CHECK (${ACTIVE} AND owner_partner_id = ${ME} AND submitted_by_partner_id = ${ME})`);
    await q.query(`CREATE POLICY stix_objects_update ON stix_objects FOR UPDATE TO cx_app USING (${ACTIVE} AND owner_partner_id = ${ME}) WITH CHECK (owner_partner_id = ${ME})`);
    // stix_observables has no RLS on purpose: it is only ever read joined to stix_objects (under RLS and the
    // explicit policy condition), so a value of a hidden object never reaches a caller. With RLS here,
    // PostgreSQL must apply the policy before any non-leakproof operator, and inet && is not leakproof: the
    // GiST index could not be used and every look-up walked the whole table (43 look-ups/s at 20k objects).
    // Who already holds an id, bypassing RLS (SECURITY DEFINER, owner not bound): the service needs it to
    // refuse a version of another producer's object even when that object is hidden from the submitter.
    // It returns owners and creators only, never content, and the service answers both cases alike.
    await q.query(`
      CREATE FUNCTION stix_object_claims(ids text[]) RETURNS TABLE (id text, owner_partner_id uuid, created_by_ref text)
      LANGUAGE sql STABLE SECURITY DEFINER
      SET search_path = pg_catalog, public, pg_temp
      AS $$
        SELECT DISTINCT o.id, o.owner_partner_id, o.created_by_ref FROM public.stix_objects o WHERE o.id = ANY(ids) AND o.is_latest
      $$`);
    await q.query(`REVOKE ALL ON FUNCTION stix_object_claims(text[]) FROM PUBLIC`);
    await q.query(`GRANT EXECUTE ON FUNCTION stix_object_claims(text[]) TO cx_app`);

    await q.query(`GRANT SELECT, INSERT ON stix_objects, stix_observables TO cx_app`);
    await q.query(`GRANT UPDATE (is_latest) ON stix_objects TO cx_app`);
    await q.query(`GRANT USAGE ON SEQUENCE stix_objects_seq_seq TO cx_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION stix_object_claims(text[])`);
    await q.query(`DROP TABLE stix_observables`);
    await q.query(`DROP TABLE stix_objects`);
  }
}
