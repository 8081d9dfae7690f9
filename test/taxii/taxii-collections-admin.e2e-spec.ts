import { randomUUID } from 'node:crypto';
import { AuditService } from '../../src/audit/audit.service';
import { gql } from '../support/graphql-client';
import { aPartner, tokenFor, type TestClient } from '../support/partners';
import { startTestApp, type TestApp } from '../support/test-app';
import { indicator, marked } from '../stix/stix-fixtures';
import { collectionId, objectsPath, taxii } from './taxii-client';
import { walk } from './taxii-walk';

const FIELDS = 'id alias title description types markings readKinds writeKinds defaultMarking';
type Definition = { id: string; alias: string; title: string; types: string[] | null; markings: string[] | null; readKinds: string[]; writeKinds: string[]; defaultMarking: string | null };

describe('HOME defines the TAXII collections; a collection only narrows the policy', () => {
  let t: TestApp;
  let admin: string;
  let producer: TestClient;
  let tokens: Record<'producer' | 'trusted' | 'community' | 'government', string>;
  const id = randomUUID();
  const objects = {
    clear: marked('CLEAR', indicator({}, '198.51.100.1')),
    green: marked('GREEN', indicator({}, '198.51.100.2')),
    amber: marked('AMBER', indicator({}, '198.51.100.3')),
    red: marked('RED', indicator({}, '198.51.100.4')),
    unmarked: indicator({}, '198.51.100.5'),
    sighting: marked('GREEN', {
      type: 'sighting', spec_version: '2.1', id: `sighting--${randomUUID()}`, created: '2026-11-02T00:00:00.000Z', modified: '2026-11-02T00:00:00.000Z',
      sighting_of_ref: 'indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f',
    }),
  };

  const collectionPath = (suffix = '') => `/taxii2/api/collections/${id}/${suffix}`;
  const pull = async (who: keyof typeof tokens) => (await walk(t.baseUrl, collectionPath('objects/'), { token: tokens[who] }, 2)).objects.map((o) => o.id as string).sort();
  const idsOf = (...keys: (keyof typeof objects)[]) => keys.map((k) => objects[k].id as string).sort();
  const create = (input: Record<string, unknown>, token = admin) => gql<{ createTaxiiCollection: Definition }>(t.baseUrl, `mutation($input: CreateTaxiiCollectionInput!) { createTaxiiCollection(input: $input) { ${FIELDS} } }`, { input }, token);
  const update = (input: Record<string, unknown>) => gql<{ updateTaxiiCollection: Definition }>(t.baseUrl, `mutation($input: UpdateTaxiiCollectionInput!) { updateTaxiiCollection(input: $input) { ${FIELDS} } }`, { input }, admin);

  beforeAll(async () => {
    t = await startTestApp({ ACTOR_CACHE_MS: '0' });
    admin = await tokenFor(t.baseUrl, await aPartner(t.app, { kind: 'HOME', roles: ['ADMIN'] }));
    producer = await aPartner(t.app, { trust: 'CLOSE' });
    tokens = {
      producer: await tokenFor(t.baseUrl, producer),
      trusted: await tokenFor(t.baseUrl, await aPartner(t.app, { kind: 'ISP', trust: 'TRUSTED', roles: ['READER'] })),
      community: await tokenFor(t.baseUrl, await aPartner(t.app, { kind: 'ISP', trust: 'COMMUNITY', roles: ['READER'] })),
      government: await tokenFor(t.baseUrl, await aPartner(t.app, { kind: 'GOVERNMENT', trust: 'CLOSE', roles: ['READER'] })),
    };
    const posted = await taxii(t.baseUrl, objectsPath('all'), { method: 'POST', auth: { token: tokens.producer }, body: { objects: Object.values(objects) } });
    expect(posted.body).toMatchObject({ success_count: 6 });
  });
  afterAll(() => t.close());

  it('lists the four defaults, seeded under their stable ids', async () => {
    const r = await gql<{ taxiiCollections: Definition[] }>(t.baseUrl, `{ taxiiCollections { ${FIELDS} } }`, {}, admin);
    expect(r.data!.taxiiCollections.map((c) => [c.alias, c.id])).toEqual(['indicators', 'advisories', 'incidents', 'all'].map((a) => [a, collectionId(a)]));
    expect(r.data!.taxiiCollections[1]).toMatchObject({ types: null, markings: ['CLEAR'], defaultMarking: 'CLEAR', writeKinds: ['HOME'] });
  });

  it('only HOME admins may list or change collections', async () => {
    const listed = await gql(t.baseUrl, `{ taxiiCollections { id } }`, {}, tokens.producer);
    expect(listed.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const created = await create({ alias: 'sneaky', title: 'Sneaky', readKinds: ['CERT'], writeKinds: [] }, tokens.producer);
    expect(created.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('validates a definition, naming each bad field', async () => {
    const r = await create({ id: 'not-a-uuid', alias: 'Bad Alias', title: '', types: ['Not A Type'], markings: [], readKinds: [], writeKinds: ['CERT', 'CERT'] });
    expect(r.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const paths = ((r.errors?.[0]?.extensions?.problems ?? []) as { path: string }[]).map((p) => p.path).sort();
    expect(paths).toEqual(['alias', 'id', 'markings', 'title', 'types', 'writeKinds']);
    const taken = await create({ alias: 'all', title: 'Again', readKinds: ['CERT'], writeKinds: [] });
    expect(taken.errors?.[0]?.extensions?.code).toBe('CONFLICT');
  });

  it('a new collection is served at once, each partner receiving only its policy share of the view', async () => {
    const r = await create({ id, alias: 'isp-indicators', title: 'For ISPs', description: 'Indicators up to AMBER', types: ['indicator'], markings: ['CLEAR', 'GREEN', 'AMBER', 'RED'], readKinds: ['ISP', 'CERT'], writeKinds: [] });
    expect(r.errors).toBeUndefined();
    expect(r.data!.createTaxiiCollection).toMatchObject({ id, alias: 'isp-indicators', types: ['indicator'], readKinds: ['ISP', 'CERT'], writeKinds: [] });

    const listed = await taxii<{ collections: { id: string; can_read: boolean; can_write: boolean }[] }>(t.baseUrl, '/taxii2/api/collections/', { auth: { token: tokens.trusted } });
    expect(listed.body.collections.find((c) => c.id === id)).toMatchObject({ can_read: true, can_write: false });
    // The view says RED; the policy does not let a TRUSTED partner see RED, so it is not served.
    expect(await pull('trusted')).toEqual(idsOf('clear', 'green', 'amber', 'unmarked'));
    expect(await pull('community')).toEqual(idsOf('clear', 'green'));
    expect(await pull('producer')).toEqual(idsOf('clear', 'green', 'amber', 'red', 'unmarked'));
    expect((await taxii(t.baseUrl, collectionPath('objects/'), { auth: { token: tokens.government } })).status).toBe(403);
    const write = await taxii(t.baseUrl, collectionPath('objects/'), { method: 'POST', auth: { token: tokens.producer }, body: { objects: [indicator()] } });
    expect(write.status).toBe(403);
  });

  it('an update applies on the next request, and is audited with before and after', async () => {
    const r = await update({ id, markings: ['GREEN'], readKinds: ['ISP', 'GOVERNMENT'] });
    expect(r.errors).toBeUndefined();
    expect(r.data!.updateTaxiiCollection).toMatchObject({ markings: ['GREEN'], types: ['indicator'], title: 'For ISPs' });
    expect(await pull('community')).toEqual(idsOf('green'));
    expect(await pull('government')).toEqual(idsOf('green'));
    expect((await taxii(t.baseUrl, collectionPath('objects/'), { auth: { token: tokens.producer } })).status).toBe(403);

    const cleared = await update({ id, types: null, markings: null });
    expect(cleared.data!.updateTaxiiCollection).toMatchObject({ types: null, markings: null });
    expect(await pull('community')).toEqual(idsOf('clear', 'green', 'sighting'));

    // A view by marking only: unmarked objects count as the default marking (AMBER), as in the policy.
    await update({ id, markings: ['AMBER'] });
    expect(await pull('government')).toEqual(idsOf('amber', 'unmarked'));
    expect(await pull('community')).toEqual([]);
    // match[type] inside a view of types: the intersection.
    await update({ id, types: ['indicator', 'sighting'], markings: null });
    const sightings = await walk(t.baseUrl, collectionPath('objects/?match[type]=sighting,report'), { token: tokens.community }, 10);
    expect(sightings.objects.map((o) => o.id)).toEqual([objects.sighting.id]);

    const events = await t.app.get(AuditService).search({ action: 'taxii-collection.update', target: id });
    expect(events.edges).toHaveLength(4);
    const details = events.edges.map((e) => e.node.details as { before: { markings: unknown }; after: { markings: unknown } });
    expect(details.map((d) => JSON.stringify([d.before.markings, d.after.markings])).sort()).toEqual(
      [[['CLEAR', 'GREEN', 'AMBER', 'RED'], ['GREEN']], [['GREEN'], null], [null, ['AMBER']], [['AMBER'], null]].map((x) => JSON.stringify(x)).sort(),
    );
  });

  it('a deleted collection is gone (404), the objects stay in the store, and the deletion is audited', async () => {
    const r = await gql<{ deleteTaxiiCollection: boolean }>(t.baseUrl, `mutation($id: ID!) { deleteTaxiiCollection(id: $id) }`, { id }, admin);
    expect(r.data!.deleteTaxiiCollection).toBe(true);
    expect((await taxii(t.baseUrl, collectionPath(), { auth: { token: tokens.trusted } })).status).toBe(404);
    expect((await walk(t.baseUrl, objectsPath('indicators'), { token: tokens.trusted }, 100)).objects.map((o) => o.id as string).sort()).toEqual(idsOf('clear', 'green', 'amber', 'unmarked'));
    const again = await gql(t.baseUrl, `mutation($id: ID!) { deleteTaxiiCollection(id: $id) }`, { id }, admin);
    expect(again.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const audit = t.app.get(AuditService);
    expect((await audit.search({ action: 'taxii-collection.create', target: id })).edges).toHaveLength(1);
    expect((await audit.search({ action: 'taxii-collection.delete', target: id })).edges).toHaveLength(1);
  });
});
