import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What each sighting and relationship refers to (`sighting_of_ref`, `observed_data_refs`, `source_ref`,
 * `target_ref`), one row per reference, so that "the sightings of these objects" (lookupObservable,
 * sightingTotals) and "the relationships of this object" are index probes. Under RLS an expression index
 * on `object->>'sighting_of_ref'` cannot be used (`->>` is not leakproof, see 1764160000000), so every
 * look-up that found something walked all current sightings: a cost that grew with the store. Like
 * `stix_observables`, the table has no RLS and is only ever read joined to `stix_objects` (under RLS and
 * the policy condition). A row trigger fills it, only for those two types: the WHEN clause costs indicator
 * bundles a comparison per row, no function call. The function is SECURITY DEFINER so that cx_app can read
 * the table but not write it.
 */
export class StixObjectRefs1764220000000 implements MigrationInterface {
  name = 'StixObjectRefs1764220000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE stix_object_refs (
        object_seq bigint NOT NULL,
        ref text NOT NULL,
        via text NOT NULL CHECK (via IN ('sighting_of_ref', 'observed_data_refs', 'source_ref', 'target_ref'))
      )`);
    await q.query(`
      CREATE FUNCTION stix_object_refs_of(seq bigint, object jsonb) RETURNS TABLE (object_seq bigint, ref text, via text)
      LANGUAGE sql IMMUTABLE
      AS $$
        SELECT seq, object->>v, v FROM unnest(ARRAY['sighting_of_ref', 'source_ref', 'target_ref']) AS v WHERE object->>v IS NOT NULL
        UNION ALL
        SELECT seq, r, 'observed_data_refs'
        FROM jsonb_array_elements_text(CASE WHEN jsonb_typeof(object->'observed_data_refs') = 'array' THEN object->'observed_data_refs' ELSE '[]'::jsonb END) AS r
      $$`);
    await q.query(`
      CREATE FUNCTION stix_record_object_refs() RETURNS trigger
      LANGUAGE plpgsql SECURITY DEFINER
      SET search_path = pg_catalog, public, pg_temp
      AS $$
      BEGIN
        INSERT INTO public.stix_object_refs (object_seq, ref, via) SELECT * FROM public.stix_object_refs_of(NEW.seq, NEW.object);
        RETURN NULL;
      END
      $$`);
    await q.query(`REVOKE ALL ON FUNCTION stix_record_object_refs() FROM PUBLIC`);
    await q.query(`
      CREATE TRIGGER stix_objects_refs AFTER INSERT ON stix_objects
      FOR EACH ROW WHEN (NEW.type IN ('sighting', 'relationship')) EXECUTE FUNCTION stix_record_object_refs()`);
    await q.query(`
      INSERT INTO stix_object_refs (object_seq, ref, via)
      SELECT r.* FROM stix_objects o, stix_object_refs_of(o.seq, o.object) AS r WHERE o.type IN ('sighting', 'relationship')`);
    await q.query(`CREATE INDEX stix_object_refs_ref ON stix_object_refs (ref, object_seq)`);
    await q.query(`GRANT SELECT ON stix_object_refs TO cx_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER stix_objects_refs ON stix_objects`);
    await q.query(`DROP FUNCTION stix_record_object_refs()`);
    await q.query(`DROP FUNCTION stix_object_refs_of(bigint, jsonb)`);
    await q.query(`DROP TABLE stix_object_refs`);
  }
}
