import { Client } from 'pg';
import { aPartner, tokenFor, type TestClient } from '../support/partners';
import { startTestApp, type TestApp } from '../support/test-app';
import { indicator, marked } from '../stix/stix-fixtures';
import { objectsPath, taxii } from './taxii-client';

type StatusRow = { id: string; status: string; total_count: number; success_count: number; failure_count: number; pending_count: number; failures: { id: string; message: string }[] };

/**
 * The status of a POST is crash-consistent: it exists (pending) before the ingest starts, and its final
 * counts commit in the ingest's own transaction. A trigger installed by the table owner slows or breaks
 * the ingest of objects carrying a marker, so the test can look at the row in between.
 */
describe('TAXII status resources are written around the ingest, not after it', () => {
  let t: TestApp;
  let poster: TestClient;
  let token: string;
  let owner: Client;

  const statuses = async (): Promise<StatusRow[]> =>
    (await owner.query(`SELECT id, status, total_count, success_count, failure_count, pending_count, failures FROM taxii_statuses WHERE owner_partner_id = $1 ORDER BY request_timestamp`, [poster.partnerId])).rows as StatusRow[];
  const stored = async (ids: string[]): Promise<number> => Number((await owner.query(`SELECT count(*) AS n FROM stix_objects WHERE id = ANY($1)`, [ids])).rows[0].n);

  beforeAll(async () => {
    t = await startTestApp();
    poster = await aPartner(t.app, { trust: 'TRUSTED' });
    token = await tokenFor(t.baseUrl, poster);
    owner = new Client({ connectionString: t.db.url });
    await owner.connect();
    await owner.query(`
      CREATE FUNCTION test_ingest_marker() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.object->>'description' = 'slow ingest' THEN PERFORM pg_sleep(1.5); END IF;
        IF NEW.object->>'description' = 'broken ingest' THEN RAISE EXCEPTION 'disk full (simulated)'; END IF;
        RETURN NEW;
      END $$`);
    await owner.query(`CREATE TRIGGER test_ingest_marker BEFORE INSERT ON stix_objects FOR EACH ROW EXECUTE FUNCTION test_ingest_marker()`);
  });
  afterAll(async () => {
    await owner.end();
    await t.close();
  });

  it('is pending, counts adding up, while the ingest runs; complete with the objects once it commits', async () => {
    const objects = [marked('GREEN', indicator({ description: 'slow ingest' })), marked('GREEN', indicator())];
    const answer = taxii<StatusRow>(t.baseUrl, objectsPath('all'), { method: 'POST', auth: { token }, body: { objects } });

    let during: StatusRow | undefined;
    for (let i = 0; i < 50 && !during; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      during = (await statuses()).find((s) => s.status === 'pending');
    }
    expect(during).toMatchObject({ status: 'pending', total_count: 2, success_count: 0, failure_count: 0, pending_count: 2 });
    expect(await stored(objects.map((o) => o.id as string))).toBe(0);

    const r = await answer;
    expect(r.status).toBe(202);
    expect(r.body).toMatchObject({ id: during!.id, status: 'complete', total_count: 2, success_count: 2, failure_count: 0, pending_count: 0 });
    expect((await statuses()).find((s) => s.id === during!.id)).toMatchObject({ status: 'complete', success_count: 2, pending_count: 0 });
    expect(await stored(objects.map((o) => o.id as string))).toBe(2);
  });

  it('after an ingest that stored nothing, every object is a failure and the counts still add up', async () => {
    const before = (await statuses()).length;
    const objects = [marked('GREEN', indicator()), marked('GREEN', indicator({ description: 'broken ingest' }))];
    const r = await taxii<{ http_status: string; description: string }>(t.baseUrl, objectsPath('all'), { method: 'POST', auth: { token }, body: { objects } });
    expect(r.status).toBe(500);
    expect(r.body.description).not.toContain('disk full');
    expect(await stored(objects.map((o) => o.id as string))).toBe(0);

    const rows = await statuses();
    expect(rows).toHaveLength(before + 1);
    const last = rows[rows.length - 1]!;
    expect(last).toMatchObject({ status: 'complete', total_count: 2, success_count: 0, failure_count: 2, pending_count: 0 });
    expect(last.failures.map((f) => f.id)).toEqual(objects.map((o) => o.id));
    expect(last.failures[0]!.message).toMatch(/nothing was stored/);
    for (const s of rows) expect(s.success_count + s.failure_count + s.pending_count).toBe(s.total_count);
  });

  it('the database refuses counts that do not add up', async () => {
    const [row] = await statuses();
    await expect(owner.query(`UPDATE taxii_statuses SET success_count = success_count + 1 WHERE id = $1`, [row!.id])).rejects.toThrow(/check constraint/);
  });
});
