import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A version number for host_networks, bumped by every statement that changes it. An import routes in memory
 * from a copy of the networks and asks for this number before each batch (one row read, where counting the
 * networks took milliseconds), reloading the copy when it moved. Registrations of networks now queue on this
 * row; imports only read it.
 */
export class HostNetworkVersion1764200000001 implements MigrationInterface {
  name = 'HostNetworkVersion1764200000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE host_network_version (one boolean PRIMARY KEY DEFAULT true CHECK (one), version bigint NOT NULL)`);
    await q.query(`INSERT INTO host_network_version (version) VALUES (0)`);
    // As owner: cx_app may read the version but not set it.
    await q.query(`
      CREATE FUNCTION host_networks_changed() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
      SET search_path = pg_catalog, public, pg_temp
      AS $$ BEGIN UPDATE public.host_network_version SET version = version + 1; RETURN NULL; END $$`);
    await q.query(`REVOKE ALL ON FUNCTION host_networks_changed() FROM PUBLIC`);
    await q.query(`CREATE TRIGGER host_networks_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON host_networks FOR EACH STATEMENT EXECUTE FUNCTION host_networks_changed()`);
    await q.query(`GRANT SELECT ON host_network_version TO cx_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER host_networks_changed ON host_networks`);
    await q.query(`DROP FUNCTION host_networks_changed()`);
    await q.query(`DROP TABLE host_network_version`);
  }
}
