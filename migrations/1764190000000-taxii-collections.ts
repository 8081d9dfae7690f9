import type { MigrationInterface, QueryRunner } from 'typeorm';
import { ACTOR_SETTINGS } from '../src/policy/rls-policy';

const ACTIVE = `(SELECT NULLIF(current_setting('${ACTOR_SETTINGS.active}', true), '')) = 'true'`;
const HOME = `(SELECT NULLIF(current_setting('${ACTOR_SETTINGS.partnerKind}', true), '')) = 'HOME'`;
const ME = `(SELECT CAST(NULLIF(current_setting('${ACTOR_SETTINGS.partnerId}', true), '') AS uuid))`;

const EVERY_KIND = `ARRAY['HOME','CERT','LAW_ENFORCEMENT','GOVERNMENT','ISP','REGISTRY','OTHER']`;

/**
 * TAXII collections become HOME's data rather than code (src/taxii/taxii-collection.repository.ts), seeded
 * with the four views the server had, under the same UUIDv5 ids so partners' configured URLs keep working.
 * A collection only narrows what the policy already allows: `types` and `markings` are filters, NULL
 * meaning "any". Every active session may read the definitions (a partner sees those it may use); only
 * a HOME session may change them.
 *
 * Also: `stix_objects_type_received`, so a page of a collection that selects a few types walks one index
 * range per type in date-added order instead of the whole date-added index (docs/taxii.md, "Performance");
 * and an UPDATE policy on taxii_statuses, whose row is now written as pending before the ingest and
 * completed inside the ingest's transaction.
 */
export class TaxiiCollections1764190000000 implements MigrationInterface {
  name = 'TaxiiCollections1764190000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE taxii_collections (
        id uuid PRIMARY KEY,
        alias text NOT NULL UNIQUE CHECK (alias ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
        title text NOT NULL CHECK (length(btrim(title)) BETWEEN 1 AND 200),
        description text NOT NULL DEFAULT '' CHECK (length(description) <= 2000),
        types text[] NULL CHECK (cardinality(types) BETWEEN 1 AND 100),
        markings text[] NULL CHECK (cardinality(markings) >= 1 AND markings <@ ARRAY['CLEAR','GREEN','AMBER','AMBER+STRICT','RED']),
        read_kinds text[] NOT NULL CHECK (read_kinds <@ ${EVERY_KIND}),
        write_kinds text[] NOT NULL CHECK (write_kinds <@ ${EVERY_KIND}),
        default_marking text NULL CHECK (default_marking IN ('CLEAR','GREEN','AMBER','AMBER+STRICT','RED')),
        created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        updated_at timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
    await q.query(`
      INSERT INTO taxii_collections (id, alias, title, description, types, markings, read_kinds, write_kinds, default_marking, created_at) VALUES
        ('0c5b752c-dc58-5a74-aa1c-cd57df97a2fc', 'indicators', 'Indicators', 'Indicators of compromise you may see.',
          ARRAY['indicator'], NULL, ${EVERY_KIND}, ARRAY['HOME','CERT','LAW_ENFORCEMENT','ISP','REGISTRY'], NULL, '2000-01-01 00:00:00+00'),
        ('cb904d31-6a49-581d-92f4-4276e2e20312', 'advisories', 'Public advisories', 'Everything marked TLP:CLEAR: free to pass on.',
          NULL, ARRAY['CLEAR'], ${EVERY_KIND}, ARRAY['HOME'], 'CLEAR', '2000-01-01 00:00:01+00'),
        ('22b29dee-bd98-5e1f-8e3e-14ad3590e7d7', 'incidents', 'Incidents', 'Incidents, sightings and observed data you may see.',
          ARRAY['incident','sighting','observed-data'], NULL, ARRAY['HOME','CERT','LAW_ENFORCEMENT','GOVERNMENT'], ARRAY['HOME','CERT'], NULL, '2000-01-01 00:00:02+00'),
        ('5fea81f6-bdab-5bb4-9827-cdee6493186a', 'all', 'Everything', 'Every object you may see.',
          NULL, NULL, ${EVERY_KIND}, ARRAY['HOME','CERT'], NULL, '2000-01-01 00:00:03+00')`);
    await q.query(`ALTER TABLE taxii_collections ENABLE ROW LEVEL SECURITY`);
    await q.query(`CREATE POLICY taxii_collections_read ON taxii_collections FOR SELECT TO cx_app USING (${ACTIVE})`);
    await q.query(`CREATE POLICY taxii_collections_insert ON taxii_collections FOR INSERT TO cx_app WITH CHECK (${ACTIVE} AND ${HOME})`);
    await q.query(`CREATE POLICY taxii_collections_update ON taxii_collections FOR UPDATE TO cx_app USING (${ACTIVE} AND ${HOME}) WITH CHECK (${ACTIVE} AND ${HOME})`);
    await q.query(`CREATE POLICY taxii_collections_delete ON taxii_collections FOR DELETE TO cx_app USING (${ACTIVE} AND ${HOME})`);
    await q.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON taxii_collections TO cx_app`);

    // All versions, not only latest: match[version]=all pages on it too; is_latest is checked on the row.
    await q.query(`CREATE INDEX stix_objects_type_received ON stix_objects (type, received_at, seq)`);
    // The marking-led twin for views that select by marking only (advisories): NULL (unmarked) is a range too.
    await q.query(`CREATE INDEX stix_objects_tlp_received ON stix_objects (tlp, received_at, seq)`);

    await q.query(`CREATE POLICY taxii_statuses_complete ON taxii_statuses FOR UPDATE TO cx_app USING (${ACTIVE} AND owner_partner_id = ${ME}) WITH CHECK (owner_partner_id = ${ME})`);
    await q.query(`GRANT UPDATE (status, success_count, failure_count, pending_count, successes, failures) ON taxii_statuses TO cx_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`REVOKE UPDATE ON taxii_statuses FROM cx_app`);
    await q.query(`DROP POLICY taxii_statuses_complete ON taxii_statuses`);
    await q.query(`DROP INDEX stix_objects_tlp_received`);
    await q.query(`DROP INDEX stix_objects_type_received`);
    await q.query(`DROP TABLE taxii_collections`);
  }
}
