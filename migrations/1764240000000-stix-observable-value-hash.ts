import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The look-up by value (domains, URLs, hashes, e-mail addresses, MACs, AS numbers) becomes a hash index
 * over the rows without a `cidr`, instead of a btree on (kind, value) over every row.
 * - IP rows are never looked up by value: an IP look-up probes `stix_observables_cidr_btree`
 *   (`observableHits`). The btree held them anyway: in an indicator bundle of the five common pattern kinds,
 *   three rows in seven were IPs.
 * - The look-up is an equality, so a hash index answers it just as well. It costs an insert one hash and
 *   one bucket, where the btree compared long texts (URLs, 64-digit hashes) under the database collation
 *   all the way down.
 * Measured on 1,400 observables per 1,000 indicators, 120,000 rows stored: 11.5-16 ms per INSERT with the
 * old index, 7.5-10 ms with this one.
 */
export class StixObservableValueHash1764240000000 implements MigrationInterface {
  name = 'StixObservableValueHash1764240000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX stix_observables_value_hash ON stix_observables USING hash (value) WHERE cidr IS NULL`);
    await q.query(`DROP INDEX stix_observables_value`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX stix_observables_value ON stix_observables (kind, value)`);
    await q.query(`DROP INDEX stix_observables_value_hash`);
  }
}
