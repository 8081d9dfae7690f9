import { randomUUID } from 'node:crypto';
import { aPartner, tokenFor, type TestClient } from '../support/partners';
import { startTestApp, type TestApp } from '../support/test-app';
import { indicator, marked } from '../stix/stix-fixtures';
import { collectionId, objectsPath, TAXII, taxii } from './taxii-client';

type Envelope = { more: boolean; next?: string; objects?: Record<string, unknown>[] };

describe('TAXII 2.1 protocol', () => {
  let t: TestApp;
  let analyst: TestClient;
  let token: string;
  let readerToken: string;
  let ispToken: string;

  beforeAll(async () => {
    t = await startTestApp();
    analyst = await aPartner(t.app, { trust: 'TRUSTED' });
    token = await tokenFor(t.baseUrl, analyst);
    readerToken = await tokenFor(t.baseUrl, await aPartner(t.app, { trust: 'TRUSTED', roles: ['READER'] }));
    ispToken = await tokenFor(t.baseUrl, await aPartner(t.app, { kind: 'ISP', trust: 'TRUSTED' }));
  });
  afterAll(() => t.close());

  it('serves discovery, the API root and the collections in TAXII media type', async () => {
    const discovery = await taxii<{ default: string; api_roots: string[] }>(t.baseUrl, '/taxii2/', { auth: { token } });
    expect(discovery.status).toBe(200);
    expect(discovery.headers.get('content-type')).toBe(TAXII);
    expect(discovery.body.api_roots).toEqual([`${t.baseUrl}/taxii2/api/`]);
    expect(discovery.body.default).toBe(`${t.baseUrl}/taxii2/api/`);

    const root = await taxii<{ versions: string[]; max_content_length: number }>(t.baseUrl, '/taxii2/api/', { auth: { token } });
    expect(root.status).toBe(200);
    expect(root.body).toMatchObject({ versions: [TAXII], max_content_length: t.config.bodyLimitBytes });

    const list = await taxii<{ collections: { id: string; alias: string; can_read: boolean; can_write: boolean; media_types: string[] }[] }>(t.baseUrl, '/taxii2/api/collections/', { auth: { token } });
    expect(list.status).toBe(200);
    expect(list.body.collections.map((c) => [c.alias, c.id, c.can_read, c.can_write])).toEqual([
      ['indicators', collectionId('indicators'), true, true],
      ['advisories', collectionId('advisories'), true, false],
      ['incidents', collectionId('incidents'), true, true],
      ['all', collectionId('all'), true, true],
    ]);
    const one = await taxii(t.baseUrl, `/taxii2/api/collections/${collectionId('all')}/`, { auth: { token } });
    expect(one.body).toMatchObject({ id: collectionId('all'), can_read: true, can_write: true, media_types: ['application/stix+json;version=2.1'] });
  });

  it('answers with and without the trailing slash', async () => {
    for (const path of ['/taxii2', '/taxii2/api', '/taxii2/api/collections', `/taxii2/api/collections/${collectionId('all')}`]) {
      expect((await taxii(t.baseUrl, path, { auth: { token } })).status).toBe(200);
    }
  });

  it('401 without credentials or with bad ones, in the TAXII error format', async () => {
    const none = await taxii(t.baseUrl, '/taxii2/', { auth: null });
    expect(none.status).toBe(401);
    expect(none.headers.get('content-type')).toBe(TAXII);
    expect(none.headers.get('www-authenticate')).toMatch(/Basic/);
    expect(none.body).toMatchObject({ title: 'Unauthorized', http_status: '401' });
    expect(typeof (none.body as { description?: unknown }).description).toBe('string');
    expect((await taxii(t.baseUrl, '/taxii2/', { auth: { token: 'not-a-token' } })).status).toBe(401);
    expect((await taxii(t.baseUrl, '/taxii2/', { auth: { basic: { clientId: analyst.clientId, clientSecret: 'wrong' } } })).status).toBe(401);
  });

  it('accepts HTTP Basic with a client id and secret', async () => {
    const r = await taxii(t.baseUrl, '/taxii2/api/collections/', { auth: { basic: analyst } });
    expect(r.status).toBe(200);
    const again = await taxii(t.baseUrl, objectsPath('all'), { auth: { basic: analyst } });
    expect(again.status).toBe(200);
  });

  it('406 for an Accept that is not TAXII 2.1', async () => {
    for (const accept of [null, 'application/json', '*/*', 'application/taxii+json;version=2.0']) {
      const r = await taxii(t.baseUrl, '/taxii2/api/', { auth: { token }, accept });
      expect(r.status).toBe(406);
      expect(r.body).toMatchObject({ http_status: '406' });
    }
  });

  it('404 for an unknown root, collection, object, status or path', async () => {
    const paths = [
      '/taxii2/nope/',
      '/taxii2/nope/collections/',
      `/taxii2/api/collections/${randomUUID()}/`,
      `/taxii2/api/collections/${randomUUID()}/objects/`,
      `/taxii2/api/collections/${collectionId('all')}/objects/indicator--${randomUUID()}/`,
      `/taxii2/api/collections/${collectionId('all')}/objects/indicator--${randomUUID()}/versions/`,
      `/taxii2/api/collections/${randomUUID()}/manifest/`,
      `/taxii2/api/collections/not-a-uuid/objects/`,
      `/taxii2/api/status/${randomUUID()}/`,
      `/taxii2/api/status/${randomUUID()}`,
      `/taxii2/api/status/not-a-uuid`,
      `/taxii2/nope/status/${randomUUID()}/`,
      '/taxii2/api/whatever/',
    ];
    for (const path of paths) {
      const r = await taxii(t.baseUrl, path, { auth: { token } });
      expect([path, r.status, r.headers.get('content-type')]).toEqual([path, 404, TAXII]);
      expect(r.body).toMatchObject({ title: 'Not Found', http_status: '404' });
    }
    // Writes to unknown things, too.
    const post = await taxii(t.baseUrl, `/taxii2/api/collections/${randomUUID()}/objects/`, { method: 'POST', auth: { token }, body: { objects: [indicator()] } });
    expect(post.status).toBe(404);
    const del = await taxii(t.baseUrl, `/taxii2/api/collections/${collectionId('all')}/objects/indicator--${randomUUID()}/`, { method: 'DELETE', auth: { token } });
    expect(del.status).toBe(404);
  });

  it('400 for a bad limit, next, added_after or match[version]', async () => {
    for (const query of ['limit=0', 'limit=abc', 'limit=-5', 'next=bogus!', 'added_after=yesterday', 'match[version]=newest', 'match[id]=nope']) {
      const r = await taxii(t.baseUrl, `${objectsPath('all')}?${query}`, { auth: { token } });
      expect([query, r.status]).toEqual([query, 400]);
      expect(r.body).toMatchObject({ http_status: '400' });
    }
  });

  it('403 for a collection the partner kind or role may not use', async () => {
    expect((await taxii(t.baseUrl, objectsPath('incidents'), { auth: { token: ispToken } })).status).toBe(403);
    expect((await taxii(t.baseUrl, `/taxii2/api/collections/${collectionId('incidents')}/`, { auth: { token: ispToken } })).status).toBe(403);
    const envelope = { objects: [indicator()] };
    const post = (auth: { token: string }, name: string) => taxii(t.baseUrl, objectsPath(name), { method: 'POST', auth, body: envelope });
    expect((await post({ token }, 'advisories')).status).toBe(403);
    expect((await post({ token: readerToken }, 'all')).status).toBe(403);
    expect((await post({ token: ispToken }, 'incidents')).body).toMatchObject({ http_status: '403' });
  });

  it('415 for a POST that is not TAXII JSON, 422 for a malformed envelope, 413 for too large a body', async () => {
    const envelope = { objects: [indicator()] };
    for (const contentType of ['application/json', 'text/plain', null]) {
      const r = await taxii(t.baseUrl, objectsPath('all'), { method: 'POST', auth: { token }, body: envelope, contentType });
      expect([contentType, r.status]).toEqual([contentType, 415]);
    }
    const noBody = await taxii(t.baseUrl, objectsPath('all'), { method: 'POST', auth: { token } });
    expect(noBody.status).toBe(415);
    for (const body of ['{not json', JSON.stringify({ objects: [] }), JSON.stringify([indicator()]), JSON.stringify({ objects: 'x' })]) {
      const r = await taxii(t.baseUrl, objectsPath('all'), { method: 'POST', auth: { token }, body });
      expect([body.slice(0, 20), r.status]).toEqual([body.slice(0, 20), 422]);
      expect(r.body).toMatchObject({ title: 'Unprocessable Entity', http_status: '422' });
    }
    const huge = JSON.stringify({ objects: [indicator({ description: 'x'.repeat(t.config.bodyLimitBytes) })] });
    const tooLarge = await taxii(t.baseUrl, objectsPath('all'), { method: 'POST', auth: { token }, body: huge });
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.body).toMatchObject({ http_status: '413' });
    const tooMany = { objects: Array.from({ length: t.config.stix.maxBundleObjects + 1 }, () => ({})) };
    const overCount = await taxii(t.baseUrl, objectsPath('all'), { method: 'POST', auth: { token }, body: tooMany });
    expect(overCount.status).toBe(413);
    expect(overCount.body).toMatchObject({ http_status: '413', description: expect.stringContaining('STIX_MAX_BUNDLE_OBJECTS') });
  });

  it('POST answers 202 with a status whose counts add up, retrievable later by its owner only', async () => {
    const good = [indicator(), marked('GREEN', indicator())];
    const invalid: Record<string, unknown> = { ...indicator(), pattern: '[ipv4-addr:value = ' };
    const r = await taxii<Record<string, unknown>>(t.baseUrl, objectsPath('all'), { method: 'POST', auth: { token }, body: { objects: [...good, invalid, good[0]] } });
    expect(r.status).toBe(202);
    expect(r.headers.get('content-type')).toBe(TAXII);
    expect(r.body).toMatchObject({ status: 'complete', total_count: 4, success_count: 3, failure_count: 1, pending_count: 0 });
    const failures = r.body.failures as { id: string; version: string; message: string }[];
    expect(failures).toEqual([{ id: invalid.id, version: invalid.modified, message: expect.stringContaining('pattern') }]);
    expect((r.body.successes as { id: string }[]).map((s) => s.id)).toEqual([good[0]!.id, good[1]!.id, good[0]!.id]);
    expect(r.body.request_timestamp).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/);

    const later = await taxii(t.baseUrl, `/taxii2/api/status/${r.body.id as string}/`, { auth: { token } });
    expect(later.status).toBe(200);
    expect(later.body).toEqual(r.body);
    const withoutSlash = await taxii(t.baseUrl, `/taxii2/api/status/${r.body.id as string}`, { auth: { basic: analyst } });
    expect(withoutSlash.status).toBe(200);
    const stranger = await taxii(t.baseUrl, `/taxii2/api/status/${r.body.id as string}/`, { auth: { token: ispToken } });
    expect(stranger.status).toBe(404);

    const stored = await taxii<Envelope>(t.baseUrl, `${objectsPath('all')}?match[id]=${good[0]!.id as string}`, { auth: { token } });
    expect(stored.body.objects?.map((o) => o.id)).toEqual([good[0]!.id]);
  });
});
