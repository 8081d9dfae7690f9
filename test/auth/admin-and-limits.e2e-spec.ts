import { AuditService } from '../../src/audit/audit.service';
import { gql } from '../support/graphql-client';
import { aPartner, tokenFor, type TestClient } from '../support/partners';
import { startTestApp, type TestApp } from '../support/test-app';

describe('partner administration through GraphQL', () => {
  let t: TestApp;
  let admin: string;
  let analyst: string;
  let analystClient: TestClient;

  beforeAll(async () => {
    t = await startTestApp({ ACTOR_CACHE_MS: '0' });
    admin = await tokenFor(t.baseUrl, await aPartner(t.app, { kind: 'HOME', roles: ['ADMIN'] }));
    analystClient = await aPartner(t.app, { trust: 'CLOSE', roles: ['ANALYST'] });
    analyst = await tokenFor(t.baseUrl, analystClient);
  });
  afterAll(() => t.close());

  it('lets an ADMIN create a partner and a client, shows the secret once, and audits before/after', async () => {
    const created = await gql(t.baseUrl, `mutation { createPartner(input: {name: "CNCERT/CC", shortName: "CNCERT", kind: CERT, trust: TRUSTED, groups: ["APCERT"], country: "CN"}) { shortName trust groups status } }`, undefined, admin);
    expect(created.data).toEqual({ createPartner: { shortName: 'CNCERT', trust: 'TRUSTED', groups: ['APCERT'], status: 'ACTIVE' } });
    const client = await gql<{ createClient: { clientId: string; clientSecret: string; client: { roles: string[]; hasSecret: boolean } } }>(
      t.baseUrl,
      `mutation { createClient(input: {partnerShortName: "CNCERT", roles: [ANALYST, SYNC]}) { clientId clientSecret client { roles hasSecret } } }`,
      undefined,
      admin,
    );
    expect(client.data?.createClient).toMatchObject({ clientSecret: expect.stringMatching(/^cxs_/), client: { roles: ['ANALYST', 'SYNC'], hasSecret: true } });
    const listed = await gql<{ partnerClients: Record<string, unknown>[] }>(t.baseUrl, `{ partnerClients(shortName: "CNCERT") { clientId hasSecret } }`, undefined, admin);
    expect(JSON.stringify(listed)).not.toContain(client.data!.createClient.clientSecret);

    const trust = await gql(t.baseUrl, `mutation { updatePartner(input: {shortName: "CNCERT", trust: CLOSE}) { trust } }`, undefined, admin);
    expect(trust.data).toEqual({ updatePartner: { trust: 'CLOSE' } });
    const events = await t.app.get(AuditService).search({ action: 'partner.set-trust' });
    expect(events.edges[0]?.node.details).toMatchObject({ before: { trust: 'TRUSTED' }, after: { trust: 'CLOSE' } });
    const creation = await t.app.get(AuditService).search({ action: 'client.create' });
    expect(JSON.stringify(creation)).not.toContain(client.data!.createClient.clientSecret);
  });

  it('refuses admin operations to a non-admin with FORBIDDEN, and records the denial', async () => {
    const attempt = await gql(t.baseUrl, `mutation { updatePartner(input: {shortName: "${analystClient.partnerShortName}", trust: CLOSE}) { trust } }`, undefined, analyst);
    expect(attempt.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(attempt.errors?.[0]?.message).toBe('requires the role ADMIN');
    const listing = await gql(t.baseUrl, `{ partners { shortName trust } }`, undefined, analyst);
    expect(listing.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const denials = await t.app.get(AuditService).search({ action: 'access.denied', actorClientId: analystClient.clientId });
    expect(denials.edges.map((e) => e.node.details)).toEqual(
      expect.arrayContaining([expect.objectContaining({ operation: 'updatePartner' }), expect.objectContaining({ operation: 'partners' })]),
    );
  });

  it('gives every partner a directory of names and kinds, and nothing about trust', async () => {
    const r = await gql<{ partnerDirectory: Record<string, unknown>[] }>(t.baseUrl, `{ partnerDirectory { shortName kind name } }`, undefined, analyst);
    expect(r.data?.partnerDirectory.length).toBeGreaterThan(1);
    const leak = await gql(t.baseUrl, `{ partnerDirectory { trust } }`, undefined, analyst);
    expect(leak.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('names every invalid field of a new partner', async () => {
    const r = await gql(t.baseUrl, `mutation { createPartner(input: {name: "", shortName: "bad name!", kind: CERT, trust: COMMUNITY, groups: ["ok", "not ok"], country: "hk"}) { id } }`, undefined, admin);
    expect(r.errors?.[0]?.extensions).toEqual({
      code: 'BAD_USER_INPUT',
      problems: [
        { path: 'name', message: 'must be 1-200 characters' },
        { path: 'shortName', message: 'must be 1-32 letters, digits or / _ . - (e.g. JPCERT/CC)' },
        { path: 'groups[1]', message: 'must be 1-64 letters, digits or _ . - (e.g. APCERT, HK-CII)' },
        { path: 'country', message: 'must be an ISO 3166 two-letter code such as HK' },
      ],
    });
  });

  it('refuses a second HOME and ADMIN for non-HOME clients', async () => {
    const home = await gql(t.baseUrl, `mutation { createPartner(input: {name: "Other", shortName: "OTHER", kind: HOME, trust: CLOSE}) { id } }`, undefined, admin);
    expect(home.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    const adminElsewhere = await gql(t.baseUrl, `mutation { createClient(input: {partnerShortName: "${analystClient.partnerShortName}", roles: [ADMIN]}) { clientId } }`, undefined, admin);
    expect(adminElsewhere.errors?.[0]).toMatchObject({ message: 'the ADMIN role is for HOME clients only', extensions: { code: 'BAD_USER_INPUT' } });
  });
});

describe('failed authentication is rate-limited and audited', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ AUTH_FAILURE_LIMIT: '3', AUTH_FAILURE_WINDOW_SECONDS: '60' });
  });
  afterAll(() => t.close());

  it('answers 429 with Retry-After once a client id has failed too often, even with the right secret', async () => {
    const victim = await aPartner(t.app);
    const attempt = (secret: string) =>
      fetch(`${t.baseUrl}/oauth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'client_credentials', client_id: victim.clientId, client_secret: secret }),
      });
    for (let i = 0; i < 3; i++) expect((await attempt('cxs_guess')).status).toBe(401);
    const limited = await attempt(victim.clientSecret);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    const audit = t.app.get(AuditService);
    const denied = await audit.search({ action: 'auth.denied', target: victim.clientId });
    expect(denied.edges).toHaveLength(3);
    expect(denied.edges[0]?.node).toMatchObject({ outcome: 'denied', channel: 'http', details: { reason: 'wrong secret', method: 'client_secret' } });
    expect(JSON.stringify(denied)).not.toContain('cxs_guess');
    expect((await audit.search({ action: 'auth.rate-limited', target: victim.clientId })).edges).toHaveLength(1);
  });
});
