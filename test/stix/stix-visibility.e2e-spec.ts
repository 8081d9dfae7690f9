import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { AuditService } from '../../src/audit/audit.service';
import { gql } from '../support/graphql-client';
import { aPartner, tokenFor, type TestClient } from '../support/partners';
import { startTestApp, type TestApp } from '../support/test-app';
import { bundle, indicator, lookup, marked, stixObject, submitOk } from './stix-fixtures';

type Page = { stixObjects: { edges: { cursor: string; node: { id: string; object: Record<string, unknown> } }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } };

describe('who sees which STIX objects', () => {
  let t: TestApp;
  let producer: TestClient;
  let tokens: Record<'producer' | 'home' | 'close' | 'trusted' | 'community' | 'public' | 'named' | 'grouped', string>;
  let named: TestClient;
  const label = `run-${randomUUID()}`;
  const objects = {
    clear: marked('CLEAR', indicator({ labels: [label] }, '203.0.113.1')),
    green: marked('GREEN', indicator({ labels: [label] }, '203.0.113.2')),
    amber: marked('AMBER', indicator({ labels: [label] }, '203.0.113.3')),
    strict: marked('AMBER+STRICT', indicator({ labels: [label] }, '203.0.113.4')),
    red: marked('RED', indicator({ labels: [label] }, '203.0.113.5')),
  };
  const forAudience = marked('RED', indicator({ labels: [label], x_cx_victim: 'Example Hospital' }, '203.0.113.6'));

  async function listIds(token: string): Promise<string[]> {
    const r = await gql<Page>(t.baseUrl, `query($l: [String!]) { stixObjects(filter: {labels: $l}, first: 100) { edges { node { id } } } }`, { l: [label] }, token);
    if (!r.data) throw new Error(JSON.stringify(r.errors));
    return r.data.stixObjects.edges.map((e) => e.node.id).sort();
  }

  beforeAll(async () => {
    t = await startTestApp();
    producer = await aPartner(t.app, { trust: 'TRUSTED' });
    named = await aPartner(t.app, { trust: 'PUBLIC', roles: ['READER'] });
    const clients = {
      producer,
      home: await aPartner(t.app, { kind: 'HOME', roles: ['READER'] }),
      close: await aPartner(t.app, { trust: 'CLOSE', roles: ['READER'] }),
      trusted: await aPartner(t.app, { trust: 'TRUSTED', roles: ['READER'] }),
      community: await aPartner(t.app, { trust: 'COMMUNITY', roles: ['READER'] }),
      public: await aPartner(t.app, { trust: 'PUBLIC', roles: ['READER'] }),
      named,
      grouped: await aPartner(t.app, { trust: 'PUBLIC', groups: ['HK-CII'], roles: ['READER'] }),
    };
    tokens = Object.fromEntries(await Promise.all(Object.entries(clients).map(async ([k, c]) => [k, await tokenFor(t.baseUrl, c)]))) as typeof tokens;
    await submitOk(t.baseUrl, tokens.producer, { bundle: bundle(...Object.values(objects)) });
    await submitOk(t.baseUrl, tokens.producer, { bundle: bundle(forAudience), audience: { partners: [named.partnerShortName], groups: ['HK-CII'] } });
  });
  afterAll(() => t.close());

  const ids = (...keys: (keyof typeof objects)[]) => keys.map((k) => objects[k].id as string);

  it.each([
    ['producer', ['clear', 'green', 'amber', 'strict', 'red'], true],
    ['home', ['clear', 'green', 'amber', 'strict', 'red'], true],
    ['close', ['clear', 'green', 'amber'], false],
    ['trusted', ['clear', 'green', 'amber'], false],
    ['community', ['clear', 'green'], false],
    ['public', ['clear'], false],
    ['named', ['clear'], true],
    ['grouped', ['clear'], true],
  ] as const)('%s lists, fetches, looks up and exports exactly what the policy allows', async (who, keys, seesAudience) => {
    const token = tokens[who];
    const expected = [...ids(...keys), ...(seesAudience ? [forAudience.id as string] : [])].sort();
    expect(await listIds(token)).toEqual(expected);
    for (const [key, obj] of Object.entries(objects)) {
      const r = await stixObject(t.baseUrl, token, obj.id as string);
      if ((keys as readonly string[]).includes(key)) expect(r.data?.stixObject.id).toBe(obj.id);
      else expect(r.errors?.[0]).toMatchObject({ message: `STIX object ${obj.id} not found`, extensions: { code: 'NOT_FOUND' } });
    }
    expect((await lookup(t.baseUrl, token, '203.0.113.0/29')).sort()).toEqual(expected);
    const exported = await gql<{ exportBundle: { type: string; objects: { id: string; type: string }[] } }>(
      t.baseUrl, `query($l: [String!]) { exportBundle(filter: {labels: $l}) }`, { l: [label] }, token);
    expect(exported.data?.exportBundle.type).toBe('bundle');
    expect(exported.data!.exportBundle.objects.filter((o) => o.type !== 'marking-definition').map((o) => o.id).sort()).toEqual(expected);
  });

  it('answers a hidden object exactly as a missing one', async () => {
    const hidden = await stixObject(t.baseUrl, tokens.public, objects.red.id as string);
    const missing = `indicator--${randomUUID()}`;
    const absent = await stixObject(t.baseUrl, tokens.public, missing);
    expect(hidden.errors?.[0]?.message.replace(objects.red.id as string, 'X')).toBe(absent.errors?.[0]?.message.replace(missing, 'X'));
    expect(hidden.errors?.[0]?.extensions).toEqual(absent.errors?.[0]?.extensions);
    const versions = await gql(t.baseUrl, `{ stixObjectVersions(id: "${objects.red.id}") { id } }`, undefined, tokens.public);
    expect(versions.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('pages with stable cursors and never says there is a next page of hidden objects', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const r: { data?: Page } = await gql<Page>(t.baseUrl, `query($l: [String!], $a: String) { stixObjects(filter: {labels: $l}, first: 1, after: $a) { edges { node { id } } pageInfo { hasNextPage endCursor } } }`, { l: [label], a: after }, tokens.community);
      const page = r.data!.stixObjects;
      seen.push(...page.edges.map((e) => e.node.id));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
      pages++;
    } while (after && pages < 10);
    // COMMUNITY sees two of the six (newest first: four hidden ones come before them): two pages, then no next page.
    expect(seen).toEqual(ids('green', 'clear'));
    expect(pages).toBe(2);
    const bad = await gql(t.baseUrl, `{ stixObjects(after: "nonsense") { edges { cursor } } }`, undefined, tokens.public);
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('removes sensitive fields for a group member but not for a named partner, and audits RED reads', async () => {
    const byName = await stixObject(t.baseUrl, tokens.named, forAudience.id as string);
    expect(byName.data?.stixObject.object.x_cx_victim).toBe('Example Hospital');
    const byGroup = await stixObject(t.baseUrl, tokens.grouped, forAudience.id as string);
    expect(byGroup.data?.stixObject.object).not.toHaveProperty('x_cx_victim');
    expect(byGroup.data?.stixObject.object.name).toBe(forAudience.name);
    const reads = await t.app.get(AuditService).search({ action: 'stix.read', target: forAudience.id as string });
    expect(reads.edges.length).toBeGreaterThanOrEqual(2);
    const clearReads = await t.app.get(AuditService).search({ action: 'stix.read', target: objects.clear.id as string });
    expect(clearReads.edges).toHaveLength(0);
  });

  it('filters by type, creator, marking and text', async () => {
    const q = `query($f: StixFilterInput) { stixObjects(filter: $f, first: 100) { edges { node { id } } } }`;
    const run = async (f: Record<string, unknown>) => (await gql<Page>(t.baseUrl, q, { f: { labels: [label], ...f } }, tokens.home)).data!.stixObjects.edges.map((e) => e.node.id).sort();
    expect(await run({ markings: ['AMBER_STRICT', 'RED'] })).toEqual([...ids('strict', 'red'), forAudience.id as string].sort());
    expect(await run({ createdBy: [producer.identityRef], types: ['indicator'] })).toHaveLength(6);
    expect(await run({ types: ['malware'] })).toEqual([]);
    expect(await run({ text: 'c2 SERVER 203.0.113.2' })).toEqual(ids('green'));
  });

  it('RLS: as cx_app without the session settings, the store is empty', async () => {
    const owner = new Client({ connectionString: t.db.url });
    await owner.connect();
    try {
      const total = await owner.query(`SELECT count(*)::int AS n FROM stix_objects`);
      expect(total.rows[0].n).toBeGreaterThanOrEqual(6);
      await owner.query('BEGIN');
      await owner.query('SET LOCAL ROLE cx_app');
      expect((await owner.query(`SELECT count(*)::int AS n FROM stix_objects`)).rows[0].n).toBe(0);
      // stix_observables has no RLS (see the migration): it is only read joined to stix_objects, which has.
      expect((await owner.query(`SELECT count(*)::int AS n FROM stix_observables ob JOIN stix_objects o ON o.seq = ob.object_seq`)).rows[0].n).toBe(0);
      await expect(owner.query(`UPDATE stix_objects SET is_latest = false`)).resolves.toMatchObject({ rowCount: 0 });
      await owner.query('ROLLBACK');
    } finally {
      await owner.end();
    }
  });
});
