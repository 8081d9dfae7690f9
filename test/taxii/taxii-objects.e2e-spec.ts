import { aPartner, tokenFor, type TestClient } from '../support/partners';
import { startTestApp, type TestApp } from '../support/test-app';
import { indicator, marked } from '../stix/stix-fixtures';
import { collectionId, objectsPath, taxii } from './taxii-client';
import type { Envelope } from './taxii-walk';

type Versions = { more: boolean; next?: string; versions?: string[] };

describe('TAXII objects, versions and DELETE', () => {
  let t: TestApp;
  let producer: TestClient;
  let tokens: Record<'producer' | 'peer' | 'community' | 'reader', string>;
  const v1 = marked('GREEN', indicator({ modified: '2026-11-01T00:00:00.000Z' }));
  const v2 = { ...v1, modified: '2026-11-02T00:00:00.000Z', name: 'second' };
  const v3 = { ...v1, modified: '2026-11-03T00:00:00.000Z', name: 'third' };
  const id = v1.id as string;
  const objectPath = () => `${objectsPath('all')}${id}/`;

  const post = async (token: string, objects: unknown[]) => {
    const r = await taxii<{ success_count: number; failure_count: number }>(t.baseUrl, objectsPath('all'), { method: 'POST', auth: { token }, body: { objects } });
    expect(r.status).toBe(202);
    return r.body;
  };

  beforeAll(async () => {
    t = await startTestApp({ AUTH_FAILURE_LIMIT: '3' });
    producer = await aPartner(t.app, { trust: 'TRUSTED' });
    tokens = {
      producer: await tokenFor(t.baseUrl, producer),
      peer: await tokenFor(t.baseUrl, await aPartner(t.app, { trust: 'TRUSTED' })),
      community: await tokenFor(t.baseUrl, await aPartner(t.app, { trust: 'COMMUNITY' })),
      reader: await tokenFor(t.baseUrl, await aPartner(t.app, { trust: 'TRUSTED', roles: ['READER'] })),
    };
    // Versions arrive out of order; the store keeps every one.
    expect(await post(tokens.producer, [v2])).toMatchObject({ success_count: 1 });
    expect(await post(tokens.producer, [v1, v3])).toMatchObject({ success_count: 2 });
  });
  afterAll(() => t.close());

  it('lists every version, in date-added order, with headers, paged', async () => {
    const all = await taxii<Versions>(t.baseUrl, `${objectPath()}versions/`, { auth: { token: tokens.peer } });
    expect(all.status).toBe(200);
    expect(all.body).toEqual({ more: false, versions: ['2026-11-02T00:00:00.000Z', '2026-11-01T00:00:00.000Z', '2026-11-03T00:00:00.000Z'] });
    expect(all.headers.get('x-taxii-date-added-first')! <= all.headers.get('x-taxii-date-added-last')!).toBe(true);
    const first = await taxii<Versions>(t.baseUrl, `${objectPath()}versions/?limit=2`, { auth: { token: tokens.peer } });
    expect(first.body.more).toBe(true);
    const rest = await taxii<Versions>(t.baseUrl, `${objectPath()}versions/?limit=2&next=${first.body.next!}`, { auth: { token: tokens.peer } });
    expect([...first.body.versions!, ...rest.body.versions!]).toEqual(all.body.versions);
    expect(rest.body.more).toBe(false);
  });

  it.each([
    ['', ['2026-11-03T00:00:00.000Z']],
    ['?match[version]=last', ['2026-11-03T00:00:00.000Z']],
    ['?match[version]=first', ['2026-11-01T00:00:00.000Z']],
    ['?match[version]=first,last', ['2026-11-01T00:00:00.000Z', '2026-11-03T00:00:00.000Z']],
    ['?match[version]=all', ['2026-11-01T00:00:00.000Z', '2026-11-02T00:00:00.000Z', '2026-11-03T00:00:00.000Z']],
    ['?match[version]=2026-11-02T00:00:00.000Z', ['2026-11-02T00:00:00.000Z']],
    ['?match[version]=2026-11-02T00:00:00Z', ['2026-11-02T00:00:00.000Z']],
  ])('GET the object%s gives those versions', async (query, versions) => {
    const r = await taxii<Envelope>(t.baseUrl, `${objectPath()}${query}`, { auth: { token: tokens.peer } });
    expect(r.status).toBe(200);
    expect(r.body.objects!.map((o) => o.modified).sort()).toEqual(versions);
    expect(r.body.objects!.every((o) => o.id === id)).toBe(true);
  });

  it('the manifest names each object once at its last version', async () => {
    const r = await taxii<{ objects: { id: string; version: string; date_added: string; media_type: string }[] }>(
      t.baseUrl, `/taxii2/api/collections/${collectionId('all')}/manifest/?match[id]=${id}`, { auth: { token: tokens.peer } });
    expect(r.body.objects).toEqual([{ id, version: '2026-11-03T00:00:00.000Z', date_added: expect.stringMatching(/\.\d{6}Z$/), media_type: 'application/stix+json;version=2.1' }]);
  });

  it('DELETE revokes: only the creator, 403 to others who see it, 404 to those who do not', async () => {
    const own = marked('GREEN', indicator());
    const hidden = marked('AMBER', indicator());
    await post(tokens.producer, [own, hidden]);
    const del = (token: string, objectId: string) => taxii(t.baseUrl, `${objectsPath('all')}${objectId}/`, { method: 'DELETE', auth: { token } });

    const byPeer = await del(tokens.peer, own.id as string);
    expect(byPeer.status).toBe(403);
    expect(byPeer.body).toMatchObject({ http_status: '403' });
    expect((await del(tokens.community, hidden.id as string)).status).toBe(404);
    expect((await del(tokens.reader, own.id as string)).status).toBe(403);

    const before = await taxii<Envelope>(t.baseUrl, `${objectsPath('all')}${own.id as string}/`, { auth: { token: tokens.peer } });
    const addedBefore = before.headers.get('x-taxii-date-added-last')!;
    const byCreator = await del(tokens.producer, own.id as string);
    expect(byCreator.status).toBe(200);
    const after = await taxii<Envelope>(t.baseUrl, `${objectsPath('all')}${own.id as string}/`, { auth: { token: tokens.peer } });
    expect(after.body.objects).toEqual([expect.objectContaining({ id: own.id, revoked: true })]);
    const versions = await taxii<Versions>(t.baseUrl, `${objectsPath('all')}${own.id as string}/versions/`, { auth: { token: tokens.peer } });
    expect(versions.body.versions).toHaveLength(2);
    // A revocation is a new version: a consumer polling added_after what it already has receives it.
    const polled = await taxii<Envelope>(t.baseUrl, `${objectsPath('all')}?added_after=${addedBefore}&match[id]=${own.id as string}`, { auth: { token: tokens.peer } });
    expect(polled.body.objects).toEqual([expect.objectContaining({ id: own.id, revoked: true })]);
    // An SCO has no modified, so it cannot be revoked.
    const sco = { type: 'domain-name', spec_version: '2.1', id: 'domain-name--bedb4899-d24b-5401-bc86-8f6b4cc18ec7', value: 'example.com' };
    await post(tokens.producer, [sco]);
    const scoDelete = await del(tokens.producer, sco.id);
    expect(scoDelete.status).toBe(400);
    expect(scoDelete.body).toMatchObject({ http_status: '400', description: expect.stringContaining('cannot be revoked') });
  });

  it('HTTP Basic failures are rate limited per client (429 with Retry-After)', async () => {
    const wrong = { basic: { clientId: producer.clientId, clientSecret: 'not-the-secret' } };
    for (let i = 0; i < 3; i++) expect((await taxii(t.baseUrl, '/taxii2/', { auth: wrong })).status).toBe(401);
    const limited = await taxii(t.baseUrl, '/taxii2/', { auth: wrong });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited.body).toMatchObject({ http_status: '429' });
  });
});
