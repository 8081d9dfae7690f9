import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes the store paid for on every insert and no query could use (src/stix/store/README.md, "RLS and
 * indexes"). The app reads as cx_app under row-level security, where PostgreSQL evaluates the policy
 * before any non-leakproof operator: `labels &&` (arrayoverlap), `object->>…` (jsonb_object_field_text)
 * and `object->… ?|` (jsonb_exists_any) are not leakproof, so these three indexes were never chosen
 * (EXPLAIN as cx_app: the type / seq indexes and a filter instead). The foreign key from stix_observables
 * cost a trigger per observable row for a reference the same INSERT … SELECT has just made true (rows are
 * only written by StixObjectRepository.insertVersions, from the seqs that INSERT returned; cx_app cannot
 * delete objects); its supporting index served only it.
 */
export class StixIngestIndexes1764160000000 implements MigrationInterface {
  name = 'StixIngestIndexes1764160000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX stix_objects_labels`);
    await q.query(`DROP INDEX stix_objects_sighting_of`);
    await q.query(`DROP INDEX stix_objects_observed_data_refs`);
    await q.query(`ALTER TABLE stix_observables DROP CONSTRAINT stix_observables_object_seq_fkey`);
    await q.query(`DROP INDEX stix_observables_object`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX stix_observables_object ON stix_observables (object_seq)`);
    await q.query(`ALTER TABLE stix_observables ADD CONSTRAINT stix_observables_object_seq_fkey FOREIGN KEY (object_seq) REFERENCES stix_objects (seq)`);
    await q.query(`CREATE INDEX stix_objects_observed_data_refs ON stix_objects USING gin ((object->'observed_data_refs')) WHERE type = 'sighting' AND is_latest`);
    await q.query(`CREATE INDEX stix_objects_sighting_of ON stix_objects ((object->>'sighting_of_ref')) WHERE type = 'sighting' AND is_latest`);
    await q.query(`CREATE INDEX stix_objects_labels ON stix_objects USING gin (labels) WHERE is_latest`);
  }
}
