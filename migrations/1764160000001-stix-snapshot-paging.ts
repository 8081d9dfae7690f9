import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `stixObjects` pages over a snapshot: the cursor carries the time of the first page, and every page lists
 * the versions that were current then (received by that time, and still latest or superseded only after
 * it). An object updated while a client pages is neither skipped (its old row, no longer latest, would
 * fall out of the pages below the cursor) nor repeated (its new row sorts above the cursor). For that a
 * superseded row records when it stopped being the latest: the superseding transaction's time, which is
 * the new version's received_at. Only rows superseded after a snapshot are looked up by it (partial index).
 *
 * Also (one migration timestamp left): IP look-ups move from the GiST inet_ops index, whose `&&` probe cost
 * grew with the store (0.07-0.13 ms at 10,000 objects, 0.4-0.6 ms at 1,000,000), to btree probes at each
 * prefix length the store holds (stix_observable_prefixes; see observableHits in stix-filter.ts). Neither
 * table has RLS: both are only read inside the look-up, joined to stix_objects under RLS.
 */
export class StixSnapshotPaging1764160000001 implements MigrationInterface {
  name = 'StixSnapshotPaging1764160000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE stix_objects ADD COLUMN superseded_at timestamptz(6) NULL`);
    // Superseded before this migration: the latest row's received_at is the best bound there is.
    await q.query(`
      UPDATE stix_objects o SET superseded_at = l.received_at
        FROM stix_objects l
       WHERE NOT o.is_latest AND l.is_latest AND l.id = o.id AND l.owner_partner_id = o.owner_partner_id AND l.modified > o.modified`);
    await q.query(`CREATE INDEX stix_objects_superseded ON stix_objects (superseded_at, seq) WHERE superseded_at IS NOT NULL`);
    await q.query(`GRANT UPDATE (superseded_at) ON stix_objects TO cx_app`);

    await q.query(`CREATE TABLE stix_observable_prefixes (family smallint NOT NULL, masklen smallint NOT NULL, PRIMARY KEY (family, masklen))`);
    await q.query(`INSERT INTO stix_observable_prefixes SELECT DISTINCT family(cidr), masklen(cidr) FROM stix_observables WHERE cidr IS NOT NULL`);
    await q.query(`GRANT SELECT, INSERT ON stix_observable_prefixes TO cx_app`);
    await q.query(`CREATE INDEX stix_observables_cidr_btree ON stix_observables (cidr) WHERE cidr IS NOT NULL`);
    await q.query(`DROP INDEX stix_observables_cidr`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX stix_observables_cidr ON stix_observables USING gist (cidr inet_ops) WHERE cidr IS NOT NULL`);
    await q.query(`DROP INDEX stix_observables_cidr_btree`);
    await q.query(`DROP TABLE stix_observable_prefixes`);
    await q.query(`REVOKE UPDATE (superseded_at) ON stix_objects FROM cx_app`);
    await q.query(`DROP INDEX stix_objects_superseded`);
    await q.query(`ALTER TABLE stix_objects DROP COLUMN superseded_at`);
  }
}
