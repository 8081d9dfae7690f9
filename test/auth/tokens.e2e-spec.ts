import { ActorService } from '../../src/auth/actor.service';
import { createHmac, createPublicKey, generateKeyPairSync, randomUUID, sign } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { AuditService } from '../../src/audit/audit.service';
import { SigningKeysService } from '../../src/auth/signing-keys.service';
import { PartnersService } from '../../src/partners/partners.service';
import { ClientsService } from '../../src/partners/clients.service';
import { gql } from '../support/graphql-client';
import { aPartner, tokenFor, type TestClient } from '../support/partners';
import { startTestApp, type TestApp } from '../support/test-app';

const ME = '{ me { clientId partnerShortName trust } }';

async function tokenRequest(baseUrl: string, body: Record<string, string>, headers: Record<string, string> = {}) {
  const response = await fetch(`${baseUrl}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(body),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, unknown> };
}

function b64(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

describe('OAuth client credentials and token verification', () => {
  let t: TestApp;
  let cert: TestClient;

  beforeAll(async () => {
    t = await startTestApp({ ACTOR_CACHE_MS: '200' });
    cert = await aPartner(t.app, { trust: 'TRUSTED', shortName: 'JPCERT/CC' });
  });
  afterAll(() => t.close());

  it('loads an actor once for concurrent requests when its cache entry is missing or expired, and retries after a failure', async () => {
    const actors = t.app.get(ActorService);
    actors.forget();
    const load = jest.spyOn(actors, 'load');
    try {
      const resolved = await Promise.all(Array.from({ length: 20 }, () => actors.forClient(cert.clientId)));
      expect(load).toHaveBeenCalledTimes(1);
      expect(new Set(resolved.map((a) => a?.clientId))).toEqual(new Set([cert.clientId]));
      await new Promise((r) => setTimeout(r, 250)); // ACTOR_CACHE_MS is 200 here
      await Promise.all(Array.from({ length: 20 }, () => actors.forClient(cert.clientId)));
      expect(load).toHaveBeenCalledTimes(2);
      actors.forget();
      load.mockRejectedValueOnce(new Error('database unavailable'));
      await expect(actors.forClient(cert.clientId)).rejects.toThrow('database unavailable');
      await expect(actors.forClient(cert.clientId)).resolves.toMatchObject({ clientId: cert.clientId });
      expect(load).toHaveBeenCalledTimes(4);
    } finally {
      load.mockRestore();
    }
  });

  it('issues a Bearer JWT for client_id/client_secret form fields, and for HTTP Basic', async () => {
    const form = await tokenRequest(t.baseUrl, { grant_type: 'client_credentials', client_id: cert.clientId, client_secret: cert.clientSecret });
    expect(form.status).toBe(200);
    expect(form.body).toEqual({ access_token: expect.any(String), token_type: 'Bearer', expires_in: 900 });
    expect(form.headers.get('cache-control')).toBe('no-store');
    const basic = await tokenRequest(t.baseUrl, { grant_type: 'client_credentials' }, { authorization: `Basic ${Buffer.from(`${cert.clientId}:${cert.clientSecret}`).toString('base64')}` });
    expect(basic.status).toBe(200);
    const me = await gql(t.baseUrl, ME, undefined, basic.body.access_token as string);
    expect(me.data).toEqual({ me: { clientId: cert.clientId, partnerShortName: 'JPCERT/CC', trust: 'TRUSTED' } });
  });

  it('publishes the signing key and signs ES256 with its kid, issuer and audience', async () => {
    const token = await tokenFor(t.baseUrl, cert);
    const decoded = jwt.decode(token, { complete: true })!;
    expect(decoded.header).toMatchObject({ alg: 'ES256', kid: expect.stringMatching(/^cx-/) });
    expect(decoded.payload).toMatchObject({ iss: 'cert-exchange', aud: 'cert-exchange', sub: cert.clientId });
    const jwks = (await (await fetch(`${t.baseUrl}/.well-known/jwks.json`)).json()) as { keys: Record<string, unknown>[] };
    expect(jwks.keys).toContainEqual(expect.objectContaining({ kid: decoded.header.kid, kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig' }));
    expect(JSON.stringify(jwks)).not.toMatch(/"d"/);
  });

  it('rejects unsupported grants and missing credentials with RFC 6749 errors', async () => {
    expect(await tokenRequest(t.baseUrl, { grant_type: 'password', client_id: cert.clientId })).toMatchObject({ status: 400, body: { error: 'unsupported_grant_type' } });
    expect(await tokenRequest(t.baseUrl, { grant_type: 'client_credentials' })).toMatchObject({ status: 400, body: { error: 'invalid_request' } });
  });

  it('answers a wrong secret and an unknown client identically, and in comparable time', async () => {
    const time = async (body: Record<string, string>) => {
      const start = process.hrtime.bigint();
      const r = await tokenRequest(t.baseUrl, body);
      return { r, ms: Number(process.hrtime.bigint() - start) / 1e6 };
    };
    const wrong: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 4; i++) {
      const a = await time({ grant_type: 'client_credentials', client_id: cert.clientId, client_secret: 'cxs_wrong' });
      const b = await time({ grant_type: 'client_credentials', client_id: `cxc_${randomUUID().slice(0, 8)}`, client_secret: 'cxs_wrong' });
      expect(a.r).toEqual({ status: 401, headers: expect.anything(), body: { error: 'invalid_client', error_description: 'client authentication failed' } });
      expect(b.r.status).toBe(401);
      expect(b.r.body).toEqual(a.r.body);
      wrong.push(a.ms);
      unknown.push(b.ms);
    }
    const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
    // Both pay one argon2 verification (tens of ms); an unknown client must not be answered much faster.
    expect(median(unknown)).toBeGreaterThan(median(wrong) * 0.5);
  });

  describe('every forged or stale token is UNAUTHENTICATED', () => {
    let kid: string;
    let pem: string;
    beforeAll(async () => {
      const key = await t.app.get(SigningKeysService).active();
      kid = key.kid;
      pem = key.privateKeyPem;
    });
    const claims = () => ({ sub: cert.clientId, iss: 'cert-exchange', aud: 'cert-exchange' });
    const expectUnauthenticated = async (token: string | undefined) => {
      const r = await gql(t.baseUrl, ME, undefined, token);
      expect(r.data ?? null).toBeNull();
      expect(r.errors?.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
    };

    it('a valid one works (control)', async () => {
      const token = jwt.sign(claims(), pem, { algorithm: 'ES256', keyid: kid, expiresIn: 60 });
      expect((await gql(t.baseUrl, ME, undefined, token)).data).toMatchObject({ me: { clientId: cert.clientId } });
    });
    it('missing', () => expectUnauthenticated(undefined));
    it('garbage', () => expectUnauthenticated('not.a.jwt'));
    it('expired', () => expectUnauthenticated(jwt.sign({ ...claims(), exp: Math.floor(Date.now() / 1000) - 120 }, pem, { algorithm: 'ES256', keyid: kid })));
    it('not yet valid', () => expectUnauthenticated(jwt.sign(claims(), pem, { algorithm: 'ES256', keyid: kid, expiresIn: 600, notBefore: 300 })));
    it('wrong audience', () => expectUnauthenticated(jwt.sign({ ...claims(), aud: 'another-exchange' }, pem, { algorithm: 'ES256', keyid: kid, expiresIn: 60 })));
    it('wrong issuer', () => expectUnauthenticated(jwt.sign({ ...claims(), iss: 'evil' }, pem, { algorithm: 'ES256', keyid: kid, expiresIn: 60 })));
    it('signed by another key under our kid', () => {
      const other = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
      return expectUnauthenticated(jwt.sign(claims(), other, { algorithm: 'ES256', keyid: kid, expiresIn: 60 }));
    });
    it('alg: none', () => {
      const now = Math.floor(Date.now() / 1000);
      return expectUnauthenticated(`${b64({ alg: 'none', typ: 'JWT', kid })}.${b64({ ...claims(), iat: now, exp: now + 60 })}.`);
    });
    it('HS256 signed with the public key', async () => {
      const jwks = (await (await fetch(`${t.baseUrl}/.well-known/jwks.json`)).json()) as { keys: Record<string, unknown>[] };
      const publicPem = createPublicKey({ key: jwks.keys.find((k) => k.kid === kid) as never, format: 'jwk' }).export({ type: 'spki', format: 'pem' }) as string;
      const now = Math.floor(Date.now() / 1000);
      const input = `${b64({ alg: 'HS256', typ: 'JWT', kid })}.${b64({ ...claims(), iat: now, exp: now + 60 })}`;
      const mac = createHmac('sha256', publicPem).update(input).digest('base64url');
      return expectUnauthenticated(`${input}.${mac}`);
    });
    it('a token of a suspended partner, within seconds, though unexpired', async () => {
      const victim = await aPartner(t.app, { trust: 'CLOSE' });
      const token = await tokenFor(t.baseUrl, victim);
      expect((await gql(t.baseUrl, ME, undefined, token)).data).toBeTruthy();
      await t.app.get(PartnersService).suspend(victim.partnerShortName, null);
      await new Promise((r) => setTimeout(r, 300)); // ACTOR_CACHE_MS is 200 here
      await expectUnauthenticated(token);
      const again = await tokenRequest(t.baseUrl, { grant_type: 'client_credentials', client_id: victim.clientId, client_secret: victim.clientSecret });
      expect(again.status).toBe(401);
    });
    it('a token of a suspended client', async () => {
      const victim = await aPartner(t.app);
      const token = await tokenFor(t.baseUrl, victim);
      await t.app.get(ClientsService).suspend(victim.clientId, null);
      await new Promise((r) => setTimeout(r, 300));
      await expectUnauthenticated(token);
    });
  });

  it('keeps tokens signed by a rotated-out key valid, and signs new ones with the new key', async () => {
    const before = await tokenFor(t.baseUrl, cert);
    const newKid = await t.app.get(SigningKeysService).rotate();
    const after = await tokenFor(t.baseUrl, cert);
    expect(jwt.decode(after, { complete: true })!.header.kid).toBe(newKid);
    expect((await gql(t.baseUrl, ME, undefined, before)).data).toBeTruthy();
    expect((await gql(t.baseUrl, ME, undefined, after)).data).toBeTruthy();
    const jwks = (await (await fetch(`${t.baseUrl}/.well-known/jwks.json`)).json()) as { keys: { kid: string }[] };
    expect(jwks.keys.map((k) => k.kid)).toEqual(expect.arrayContaining([newKid, jwt.decode(before, { complete: true })!.header.kid]));
  });

  it('keeps the old secret valid for the grace period after rotation', async () => {
    const client = await aPartner(t.app);
    const { clientSecret } = await t.app.get(ClientsService).rotateSecret(client.clientId, null);
    expect(await tokenFor(t.baseUrl, { clientId: client.clientId, clientSecret: clientSecret! })).toBeTruthy();
    expect(await tokenFor(t.baseUrl, client)).toBeTruthy();
  });
});

describe('private_key_jwt client assertions (RFC 7523)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  async function peerWithKey(type: 'ec' | 'ed25519') {
    const pair = type === 'ec' ? generateKeyPairSync('ec', { namedCurve: 'P-256' }) : generateKeyPairSync('ed25519');
    const alg = type === 'ec' ? 'ES256' : 'EdDSA';
    const jwk = { ...(pair.publicKey.export({ format: 'jwk' }) as Record<string, unknown>), kid: 'peer-1', alg };
    const peer = await aPartner(t.app, { roles: ['SYNC'] });
    await t.app.get(ClientsService).setKeys(peer.clientId, { keys: [jwk] }, null);
    const assertion = (claims: Record<string, unknown> = {}) => {
      const now = Math.floor(Date.now() / 1000);
      const input = `${b64({ alg, kid: 'peer-1', typ: 'JWT' })}.${b64({ iss: peer.clientId, sub: peer.clientId, aud: 'cert-exchange', iat: now, exp: now + 120, jti: randomUUID(), ...claims })}`;
      const signature = type === 'ec' ? sign('sha256', Buffer.from(input), { key: pair.privateKey, dsaEncoding: 'ieee-p1363' }) : sign(null, Buffer.from(input), pair.privateKey);
      return `${input}.${signature.toString('base64url')}`;
    };
    return { peer, assertion };
  }

  const request = (assertion: string) =>
    tokenRequest(t.baseUrl, { grant_type: 'client_credentials', client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: assertion });

  it.each(['ec', 'ed25519'] as const)('accepts a %s-signed assertion once, and refuses its replay', async (type) => {
    const { peer, assertion } = await peerWithKey(type);
    const a = assertion();
    const first = await request(a);
    expect(first.status).toBe(200);
    expect((await gql(t.baseUrl, ME, undefined, first.body.access_token as string)).data).toMatchObject({ me: { clientId: peer.clientId } });
    expect(await request(a)).toMatchObject({ status: 401, body: { error: 'invalid_client' } });
  });

  it('refuses assertions that are expired, too long-lived, for another audience, or of another client', async () => {
    const { assertion } = await peerWithKey('ec');
    const now = Math.floor(Date.now() / 1000);
    expect((await request(assertion({ exp: now - 300 }))).status).toBe(401);
    expect((await request(assertion({ exp: now + 3600 }))).status).toBe(401);
    expect((await request(assertion({ aud: 'somewhere-else' }))).status).toBe(401);
    const other = await aPartner(t.app);
    expect((await request(assertion({ iss: other.clientId, sub: other.clientId }))).status).toBe(401);
  });

  it('refuses a JWKS holding a private key', async () => {
    const peer = await aPartner(t.app);
    const privateJwk = { ...(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'jwk' }) as Record<string, unknown>), kid: 'k', alg: 'ES256' };
    await expect(t.app.get(ClientsService).setKeys(peer.clientId, { keys: [privateJwk] }, null)).rejects.toThrow('jwks: keys[0] contains private key material');
  });
});

describe('audit of rejected bearer tokens', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ AUTH_FAILURE_WINDOW_SECONDS: '2' });
  });
  afterAll(() => t.close());

  it('records the first of a flood of bad tokens per window, then one record carrying the count of the rest', async () => {
    const denials = () => t.app.get(AuditService).search({ action: 'auth.denied' });
    for (let i = 0; i < 20; i += 1) expect((await gql(t.baseUrl, ME, undefined, 'not.a.jwt')).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const first = await denials();
    expect(first.edges).toHaveLength(1);
    expect(first.edges[0]?.node.details).toEqual({ reason: expect.any(String) });

    await new Promise((resolve) => setTimeout(resolve, 2100));
    expect((await gql(t.baseUrl, ME, undefined, 'not.a.jwt')).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const second = await denials();
    expect(second.edges).toHaveLength(2);
    expect(second.edges.map((e) => e.node.details)).toContainEqual({ reason: first.edges[0]?.node.details?.reason, alsoDeniedSinceLastRecord: 19 });
  });
});
