import { Client } from 'pg';
import { ActorService } from '../../src/auth/actor.service';
import { StixStoreService } from '../../src/stix/store/stix-store.service';
import { aPartner, tokenFor, type TestClient } from '../support/partners';
import { startTestApp, type TestApp } from '../support/test-app';
import { bundle, indicator, marked } from '../stix/stix-fixtures';
import { objectsPath, taxii } from './taxii-client';
import { walk, type Envelope } from './taxii-walk';

const SEEDED = 10_000;
const MICROS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

describe('TAXII paging', () => {
  let t: TestApp;
  let producer: TestClient;
  let writer: TestClient;
  let readerToken: string;
  const seeded = new Set<string>();

  beforeAll(async () => {
    t = await startTestApp({ STIX_MAX_BUNDLE_OBJECTS: String(SEEDED), STIX_MAX_BUNDLE_BYTES: String(64 * 1024 * 1024) });
    producer = await aPartner(t.app, { trust: 'TRUSTED' });
    writer = await aPartner(t.app, { trust: 'TRUSTED' });
    readerToken = await tokenFor(t.baseUrl, await aPartner(t.app, { trust: 'TRUSTED', roles: ['READER'] }));
    // One bundle through the store's own pipeline: all 10,000 rows share one date_added.
    const actor = (await t.app.get(ActorService).forClient(producer.clientId))!;
    const objects = Array.from({ length: SEEDED }, (_, i) => indicator({ name: `seed ${i}` }, `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`));
    for (const o of objects) seeded.add(o.id as string);
    const result = await t.app.get(StixStoreService).submitBundle(actor, { bundle: bundle(...objects) }, 'taxii');
    expect(result.created).toBe(SEEDED);
  });
  afterAll(() => t.close());

  it('walks 10,000 objects sharing one date_added while others are added, skipping and repeating none', async () => {
    const writerToken = await tokenFor(t.baseUrl, writer);
    const added = new Set<string>();
    let walking = true;
    // Three writers posting small envelopes while the walk runs: their transactions overlap and commit in any order.
    const writers = Array.from({ length: 3 }, async () => {
      while (walking) {
        const objects = Array.from({ length: 20 }, () => indicator({}, '198.51.100.9'));
        const r = await taxii<{ success_count: number }>(t.baseUrl, objectsPath('all'), { method: 'POST', auth: { token: writerToken }, body: { objects } });
        if (r.status !== 202 || r.body.success_count !== objects.length) throw new Error(`concurrent POST failed: ${r.status} ${JSON.stringify(r.body)}`);
        for (const o of objects) added.add(o.id as string);
      }
    });
    const first = await walk(t.baseUrl, objectsPath('all'), { token: readerToken }, 700);
    walking = false;
    await Promise.all(writers);
    expect(added.size).toBeGreaterThan(0);

    // Then carry on as a polling client does: added_after the last page's X-TAXII-Date-Added-Last.
    const lastAdded = first.pages.filter((p) => p.body.objects).at(-1)!.headers.get('x-taxii-date-added-last')!;
    const rest = await walk(t.baseUrl, `${objectsPath('all')}?added_after=${lastAdded}`, { token: readerToken }, 700);

    const ids = [...first.objects, ...rest.objects].map((o) => o.id as string);
    expect(ids.length).toBe(new Set(ids).size);
    expect(new Set(ids)).toEqual(new Set([...seeded, ...added]));
    expect(first.pages.length).toBeGreaterThanOrEqual(Math.ceil(SEEDED / 700));

    // Pages are in date-added order, and their headers bound them, in microseconds.
    let previous = '';
    for (const page of [...first.pages, ...rest.pages].filter((p) => p.body.objects)) {
      const from = page.headers.get('x-taxii-date-added-first')!;
      const to = page.headers.get('x-taxii-date-added-last')!;
      expect(from).toMatch(MICROS);
      expect(to).toMatch(MICROS);
      expect(from >= previous && to >= from).toBe(true);
      previous = to;
    }
  });

  it('never passes a transaction that is still running: a row that commits late with an earlier date_added is served, not skipped', async () => {
    const writerToken = await tokenFor(t.baseUrl, writer);
    const owner = new Client({ connectionString: t.db.url });
    await owner.connect();
    try {
      const [{ start }] = (await owner.query(`SELECT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS start`)).rows as { start: string }[];
      // A writer whose transaction starts first and commits last (received_at = its start).
      const late = marked('GREEN', indicator());
      await owner.query('BEGIN');
      await owner.query(
        `INSERT INTO stix_objects (id, type, spec_version, modified, object, tlp, owner_partner_id, submitted_by_partner_id, submitted_by_client_id, channel, is_latest)
         VALUES ($1, 'indicator', '2.1', $2, $3, 'GREEN', $4, $4, $5, 'taxii', true)`,
        [late.id, late.modified, JSON.stringify(late), writer.partnerId, writer.clientId],
      );
      const early = marked('GREEN', indicator());
      const posted = await taxii<{ success_count: number }>(t.baseUrl, objectsPath('all'), { method: 'POST', auth: { token: writerToken }, body: { objects: [early] } });
      expect(posted.body.success_count).toBe(1);

      // While the late writer runs, the newer committed object waits behind it: serving it would move the client's position past the late one.
      const during = await walk(t.baseUrl, `${objectsPath('all')}?added_after=${start}`, { token: readerToken }, 100);
      expect(during.objects.map((o) => o.id)).toEqual([]);
      await owner.query('COMMIT');

      const after = await walk(t.baseUrl, `${objectsPath('all')}?added_after=${start}`, { token: readerToken }, 100);
      expect(after.objects.map((o) => o.id)).toEqual([late.id, early.id]);
    } finally {
      await owner.query('ROLLBACK').catch(() => undefined);
      await owner.end();
    }
  });

  it('pages the manifest on the same keyset, with versions and date_added', async () => {
    const manifest = await walk(t.baseUrl, `${objectsPath('all').replace(/objects\/$/, 'manifest/')}?match[type]=indicator`, { token: readerToken }, 1000);
    const entries = manifest.objects as { id: string; date_added: string; version: string; media_type: string }[];
    expect(entries.length).toBeGreaterThanOrEqual(SEEDED);
    expect(new Set(entries.map((e) => e.id)).size).toBe(entries.length);
    expect(entries[0]).toEqual({ id: expect.any(String), date_added: expect.stringMatching(MICROS), version: '2026-11-01T00:00:00.000Z', media_type: 'application/stix+json;version=2.1' });
  });

  it('cuts a limit above the server maximum to it', async () => {
    const page = await taxii<Envelope>(t.baseUrl, `${objectsPath('all')}?limit=1000000`, { auth: { token: readerToken } });
    expect(page.status).toBe(200);
    expect(page.body.objects).toHaveLength(t.config.taxii.maxPageSize);
    expect(page.body.more).toBe(true);
    expect(typeof page.body.next).toBe('string');
  });
});
