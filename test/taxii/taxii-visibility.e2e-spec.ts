import { AuditService } from '../../src/audit/audit.service';
import { gql, type GraphqlResponse } from '../support/graphql-client';
import { aPartner, tokenFor, type TestClient } from '../support/partners';
import { startTestApp, type TestApp } from '../support/test-app';
import { indicator, marked } from '../stix/stix-fixtures';
import { objectsPath, taxii } from './taxii-client';
import { walk } from './taxii-walk';

type Node = { id: string; object: Record<string, unknown> };
type Page = { stixObjects: { edges: { node: Node }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } };

/** Every object GraphQL's stixObjects gives this viewer, all pages. */
async function graphqlObjects(baseUrl: string, token: string): Promise<Map<string, Record<string, unknown>>> {
  const found = new Map<string, Record<string, unknown>>();
  let after: string | null = null;
  for (;;) {
    const r: GraphqlResponse<Page> = await gql<Page>(baseUrl, `query($after: String) { stixObjects(first: 100, after: $after) { edges { node { id object } } pageInfo { hasNextPage endCursor } } }`, { after }, token);
    if (!r.data) throw new Error(JSON.stringify(r.errors));
    for (const e of r.data.stixObjects.edges) found.set(e.node.id, e.node.object);
    if (!r.data.stixObjects.pageInfo.hasNextPage) return found;
    after = r.data.stixObjects.pageInfo.endCursor;
  }
}

describe('TAXII collections under the sharing policy', () => {
  let t: TestApp;
  let producer: TestClient;
  let tokens: Record<'producer' | 'trusted' | 'community', string>;
  const objects = {
    clear: marked('CLEAR', indicator({}, '192.0.2.1')),
    green: marked('GREEN', indicator({}, '192.0.2.2')),
    amber: marked('AMBER', indicator({ x_cx_victim: 'Example Hospital', description: 'seen at a hospital' }, '192.0.2.3')),
    strict: marked('AMBER+STRICT', indicator({}, '192.0.2.4')),
    red: marked('RED', indicator({}, '192.0.2.5')),
    unmarked: indicator({}, '192.0.2.6'),
    report: marked('CLEAR', {
      type: 'report', spec_version: '2.1', id: 'report--5a8b0a52-4f8c-4a3c-9c1e-2b7d6e0f1a11', created: '2026-11-01T00:00:00.000Z', modified: '2026-11-01T00:00:00.000Z',
      name: 'Advisory: phishing wave', published: '2026-11-01T00:00:00.000Z', object_refs: ['indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f'],
    }),
    sighting: marked('GREEN', {
      type: 'sighting', spec_version: '2.1', id: 'sighting--0f7bb1c4-79f4-4b1b-8a3e-5f0d4c2a9e21', created: '2026-11-02T00:00:00.000Z', modified: '2026-11-02T00:00:00.000Z',
      sighting_of_ref: 'indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f',
    }),
  };
  const idsOf = (...keys: (keyof typeof objects)[]) => keys.map((k) => objects[k].id as string).sort();

  beforeAll(async () => {
    t = await startTestApp();
    producer = await aPartner(t.app, { trust: 'TRUSTED' });
    const trusted = await aPartner(t.app, { trust: 'TRUSTED', roles: ['READER'] });
    const community = await aPartner(t.app, { trust: 'COMMUNITY', roles: ['READER'] });
    tokens = { producer: await tokenFor(t.baseUrl, producer), trusted: await tokenFor(t.baseUrl, trusted), community: await tokenFor(t.baseUrl, community) };
    const posted = await taxii(t.baseUrl, objectsPath('all'), { method: 'POST', auth: { token: tokens.producer }, body: { objects: Object.values(objects) } });
    expect(posted.body).toMatchObject({ success_count: Object.keys(objects).length, failure_count: 0 });
  });
  afterAll(() => t.close());

  it.each([
    ['producer', ['clear', 'green', 'amber', 'strict', 'red', 'unmarked', 'report', 'sighting']],
    ['trusted', ['clear', 'green', 'amber', 'unmarked', 'report', 'sighting']],
    ['community', ['clear', 'green', 'report', 'sighting']],
  ] as const)('%s receives from "all" exactly its share, the same objects as GraphQL stixObjects', async (who, keys) => {
    const token = tokens[who];
    const pulled = await walk(t.baseUrl, objectsPath('all'), { token }, 3);
    const ids = pulled.objects.map((o) => o.id as string);
    expect([...ids].sort()).toEqual(idsOf(...keys));
    expect(new Set(ids).size).toBe(ids.length);
    const graphql = await graphqlObjects(t.baseUrl, token);
    expect([...graphql.keys()].sort()).toEqual([...ids].sort());
    for (const o of pulled.objects) expect(o).toEqual(graphql.get(o.id as string));
  });

  it('redacts sensitive fields exactly as GraphQL does', async () => {
    const one = async (token: string) =>
      (await taxii<{ objects: Record<string, unknown>[] }>(t.baseUrl, `${objectsPath('all')}${objects.amber.id as string}/`, { auth: { token } })).body.objects[0]!;
    expect((await one(tokens.producer)).x_cx_victim).toBe('Example Hospital');
    const seenByTrusted = await one(tokens.trusted);
    expect(seenByTrusted.x_cx_victim).toBeUndefined();
    expect(seenByTrusted.description).toBe('seen at a hospital');
  });

  it('audits TAXII submits and restricted reads on the taxii channel, like GraphQL', async () => {
    const audit = t.app.get(AuditService);
    const submits = await audit.search({ action: 'stix.submit', target: objects.red.id as string });
    expect(submits.edges.map((e) => e.node.channel)).toEqual(['taxii']);
    await taxii(t.baseUrl, `${objectsPath('all')}${objects.red.id as string}/`, { auth: { token: tokens.producer } });
    const reads = await audit.search({ action: 'stix.read', target: objects.red.id as string });
    expect(reads.edges.length).toBeGreaterThanOrEqual(1);
    expect(reads.edges.every((e) => e.node.channel === 'taxii' || e.node.channel === 'graphql')).toBe(true);
    expect(reads.edges.some((e) => e.node.channel === 'taxii' && e.node.details.operation === 'taxii.getObject')).toBe(true);
    const clearReads = await audit.search({ action: 'stix.read', target: objects.clear.id as string });
    expect(clearReads.edges).toHaveLength(0);
  });

  it('answers a hidden object exactly like a missing one', async () => {
    const hidden = await taxii(t.baseUrl, `${objectsPath('all')}${objects.red.id as string}/`, { auth: { token: tokens.community } });
    const missing = await taxii(t.baseUrl, `${objectsPath('all')}indicator--00000000-0000-4000-8000-000000000000/`, { auth: { token: tokens.community } });
    expect(hidden.status).toBe(404);
    expect(missing.status).toBe(404);
    expect((await taxii(t.baseUrl, `${objectsPath('all')}${objects.red.id as string}/versions/`, { auth: { token: tokens.community } })).status).toBe(404);
    const manifest = await walk(t.baseUrl, `/taxii2/api/collections/${objectsPath('all').split('/')[4]}/manifest/`, { token: tokens.community }, 100);
    expect(manifest.objects.map((o) => o.id as string).sort()).toEqual(idsOf('clear', 'green', 'report', 'sighting'));
  });

  it('each collection is a view: indicators, TLP:CLEAR advisories, incidents', async () => {
    const pull = async (name: string, token: string) => (await walk(t.baseUrl, objectsPath(name), { token }, 100)).objects.map((o) => o.id as string).sort();
    expect(await pull('indicators', tokens.community)).toEqual(idsOf('clear', 'green'));
    expect(await pull('advisories', tokens.community)).toEqual(idsOf('clear', 'report'));
    expect(await pull('incidents', tokens.trusted)).toEqual(idsOf('sighting'));
    expect(await pull('indicators', tokens.trusted)).toEqual(idsOf('clear', 'green', 'amber', 'unmarked'));
  });

  it('filters by match[type] and match[id] inside the policy', async () => {
    const r = await taxii<{ objects: { id: string }[] }>(t.baseUrl, `${objectsPath('all')}?match[type]=report,sighting`, { auth: { token: tokens.community } });
    expect(r.body.objects.map((o) => o.id).sort()).toEqual(idsOf('report', 'sighting'));
    const ids = [objects.red.id, objects.green.id].join(',');
    const byId = await taxii<{ objects: { id: string }[] }>(t.baseUrl, `${objectsPath('all')}?match[id]=${ids}`, { auth: { token: tokens.community } });
    expect(byId.body.objects.map((o) => o.id)).toEqual([objects.green.id]);
    const spec = await taxii<{ more: boolean; objects?: unknown[] }>(t.baseUrl, `${objectsPath('all')}?match[spec_version]=2.0`, { auth: { token: tokens.community } });
    expect(spec.body).toEqual({ more: false });
  });
});
