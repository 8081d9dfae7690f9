import type { MigrationInterface, QueryRunner } from 'typeorm';
import { ACTOR_SETTINGS } from '../src/policy/rls-policy';

const ACTIVE = `(SELECT NULLIF(current_setting('${ACTOR_SETTINGS.active}', true), '')) = 'true'`;

/**
 * TAXII reads a collection's definition on every request; inside an actor transaction that is five round
 * trips (BEGIN, settings, READ ONLY, SELECT, COMMIT) before the page itself, measurable at 100 pages a
 * pull. The definitions are HOME's configuration, not partner data (every partner is shown those it may
 * use), so cx_app may read them without an actor; writes still need an active HOME session.
 */
export class TaxiiCollectionsRead1764190000001 implements MigrationInterface {
  name = 'TaxiiCollectionsRead1764190000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER POLICY taxii_collections_read ON taxii_collections USING (true)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER POLICY taxii_collections_read ON taxii_collections USING (${ACTIVE})`);
  }
}
