import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SyncRunner } from '../../src/sync/sync-runner.service';
import { gql } from '../support/graphql-client';
import { tokenFor } from '../support/partners';
import { bundle, indicator, marked, submitOk } from '../stix/stix-fixtures';
import { ALL, clientOf, CREATE_PEER, everything, link, runSync, startExchange, storedRows, type Exchange } from './sync-harness';

const TAXII = 'application/taxii+json;version=2.1';

/** A remote TAXII server we do not run (a partner's other platform), scripted per request. */
async function fakePeer(handle: (req: IncomingMessage, url: URL, res: ServerResponse) => void): Promise<{ url: string; server: Server; requests: string[] }> {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://peer');
    requests.push(`${req.method} ${url.pathname}${url.search} ${req.headers.authorization ?? ''}`);
    req.resume();
    req.on('end', () => handle(req, url, res));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, requests };
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': TAXII, ...headers });
  res.end(JSON.stringify(body));
}

describe('peer sync when things go wrong', () => {
  let hk: Exchange;
  let n = 0;
  const servers: Server[] = [];

  beforeAll(async () => {
    hk = await startExchange('HKCERT');
  });
  afterAll(async () => {
    for (const s of servers) s.close();
    await hk?.t.close();
  });

  async function peerAt(baseUrl: string, extra: Record<string, unknown> = {}): Promise<string> {
    const partner = `REMOTE${++n}`;
    await clientOf(hk, partner, 'TRUSTED', ['ANALYST']);
    const r = await gql<{ createPeer: { id: string } }>(hk.t.baseUrl, CREATE_PEER, {
      input: { name: `remote${n}`, partner, baseUrl, collections: [ALL], direction: 'PULL', authMethod: 'CLIENT_SECRET', clientId: 'us', clientSecret: 'secret-at-peer', pageSize: 100, ...extra },
    }, hk.homeToken);
    if (!r.data) throw new Error(JSON.stringify(r.errors));
    return r.data.createPeer.id;
  }

  async function status(peerId: string) {
    const r = await gql<{ peerSyncStatus: { lastStatus: string; lastError: string | null; failedRuns: number; quarantineSize: number; lastSuccessAt: string | null }[] }>(
      hk.t.baseUrl, `query($p: String) { peerSyncStatus(peer: $p) { lastStatus lastError failedRuns quarantineSize lastSuccessAt } }`, { p: peerId }, hk.homeToken);
    return r.data!.peerSyncStatus[0]!;
  }

  it('a peer that is down: the run fails with the reason, the status says so, the exchange carries on', async () => {
    const closed = await fakePeer(() => undefined);
    closed.server.close();
    const peerId = await peerAt(closed.url);
    const run = await runSync(hk, peerId);
    expect(run.status).toBe('FAILED');
    expect(run.error).toMatch(/token request to .* failed: ECONNREFUSED/);
    expect(run.error).not.toContain('secret-at-peer');
    expect(await status(peerId)).toMatchObject({ lastStatus: 'FAILED', failedRuns: 1, lastSuccessAt: null, lastError: run.error });
    const ping = await gql(hk.t.baseUrl, `{ peers { name } }`, {}, hk.homeToken);
    expect(ping.errors).toBeUndefined();
  });

  it('a peer answering 500: failed run naming the status and the TAXII error', async () => {
    const peer = await fakePeer((req, url, res) => {
      if (url.pathname === '/oauth/token') return json(res, 200, { access_token: 'tok', token_type: 'Bearer', expires_in: 900 }, { 'content-type': 'application/json' });
      json(res, 500, { title: 'Internal Server Error', description: 'database on fire', http_status: '500' });
    });
    servers.push(peer.server);
    const run = await runSync(hk, await peerAt(peer.url));
    expect(run).toMatchObject({ status: 'FAILED', pulled: 0 });
    expect(run.error).toMatch(/answered 500 \(Internal Server Error: database on fire\)/);
  });

  it('a slow peer: the request times out (SYNC_REQUEST_TIMEOUT_MS) and the run fails, saying so', async () => {
    const impatient = await startExchange('IMPATIENT', { SYNC_REQUEST_TIMEOUT_MS: '1000' });
    const slow = await fakePeer((req, url, res) => {
      if (url.pathname === '/oauth/token') return json(res, 200, { access_token: 'tok', expires_in: 900 }, { 'content-type': 'application/json' });
      setTimeout(() => json(res, 200, { more: false }), 3000);
    });
    servers.push(slow.server);
    try {
      await clientOf(impatient, 'SLOW', 'TRUSTED', ['ANALYST']);
      const r = await gql<{ createPeer: { id: string } }>(impatient.t.baseUrl, CREATE_PEER, {
        input: { name: 'slow', partner: 'SLOW', baseUrl: slow.url, collections: [ALL], clientId: 'us', clientSecret: 'secret-at-peer' },
      }, impatient.homeToken);
      const started = Date.now();
      const run = await runSync(impatient, r.data!.createPeer.id);
      expect(run).toMatchObject({ status: 'FAILED', error: expect.stringMatching(/failed: timed out/) });
      expect(Date.now() - started).toBeLessThan(2900);
    } finally {
      await impatient.t.close();
    }
  });

  it('an expired token is renewed once; a refused one fails the run', async () => {
    let issued = 0;
    const peer = await fakePeer((req, url, res) => {
      if (url.pathname === '/oauth/token') return json(res, 200, { access_token: `tok${++issued}`, expires_in: 900 }, { 'content-type': 'application/json' });
      // The first token has "expired" by the time it is used.
      if (req.headers.authorization !== `Bearer tok2`) return json(res, 401, { title: 'Unauthorized', description: 'expired token', http_status: '401' });
      json(res, 200, { more: false });
    });
    servers.push(peer.server);
    const run = await runSync(hk, await peerAt(peer.url));
    expect(run).toMatchObject({ status: 'OK', error: null });
    expect(issued).toBe(2);

    const refusing = await fakePeer((req, url, res) => json(res, 401, { error: 'invalid_client' }, { 'content-type': 'application/json' }));
    servers.push(refusing.server);
    const failed = await runSync(hk, await peerAt(refusing.url));
    expect(failed.error).toMatch(/token request to .* answered 401 \(invalid_client\)/);
  });

  it('invalid STIX is quarantined with the reason, the rest of the page is stored, and HOME can retry or discard it', async () => {
    const good1 = marked('GREEN', indicator({ name: 'good one' }));
    const bad = marked('GREEN', indicator({ name: 'bad one', pattern: "[ipv4-addr:value = '1.2.3.4'" }));
    const good2 = marked('GREEN', indicator({ name: 'good two' }));
    const peer = await fakePeer((req, url, res) => {
      if (url.pathname === '/oauth/token') return json(res, 200, { access_token: 'tok', expires_in: 900 }, { 'content-type': 'application/json' });
      if (url.searchParams.get('added_after')) return json(res, 200, { more: false });
      json(res, 200, { more: false, objects: [good1, bad, good2] }, { 'X-TAXII-Date-Added-First': '2026-11-25T10:00:00.000000Z', 'X-TAXII-Date-Added-Last': '2026-11-25T10:00:01.000000Z' });
    });
    servers.push(peer.server);
    const peerId = await peerAt(peer.url);
    const run = await runSync(hk, peerId);
    expect(run).toMatchObject({ status: 'OK', pulled: 2, quarantined: 1 });
    expect(await storedRows(hk, String(good1.id))).toHaveLength(1);
    expect(await storedRows(hk, String(good2.id))).toHaveLength(1);
    expect(await storedRows(hk, String(bad.id))).toHaveLength(0);

    const Q = `query($p: String) { quarantinedObjects(peer: $p) { id stixId reason status object } }`;
    const held = (await gql<{ quarantinedObjects: { id: string; stixId: string; reason: string; status: string; object: Record<string, unknown> }[] }>(hk.t.baseUrl, Q, { p: peerId }, hk.homeToken)).data!.quarantinedObjects;
    expect(held).toHaveLength(1);
    expect(held[0]).toMatchObject({ stixId: bad.id, status: 'HELD', object: bad });
    expect(held[0]!.reason).toMatch(/INVALID \$\.objects\[1\]\.pattern/);
    expect((await status(peerId)).quarantineSize).toBe(1);

    // The next run starts after the page (added_after), so nothing is pulled or quarantined twice.
    expect(await runSync(hk, peerId)).toMatchObject({ status: 'OK', pulled: 0, quarantined: 0 });
    expect(peer.requests.filter((r) => r.includes('added_after=2026-11-25T10%3A00%3A01.000000Z'))).toHaveLength(1);

    const retried = await gql<{ retryQuarantinedObject: { status: string; reason: string } }>(hk.t.baseUrl, `mutation($id: ID!) { retryQuarantinedObject(id: $id) { status reason } }`, { id: held[0]!.id }, hk.homeToken);
    expect(retried.data!.retryQuarantinedObject).toMatchObject({ status: 'HELD', reason: expect.stringMatching(/pattern/) });
    const discarded = await gql<{ discardQuarantinedObject: { status: string } }>(hk.t.baseUrl, `mutation($id: ID!) { discardQuarantinedObject(id: $id) { status } }`, { id: held[0]!.id }, hk.homeToken);
    expect(discarded.data!.discardQuarantinedObject.status).toBe('DISCARDED');
    expect((await status(peerId)).quarantineSize).toBe(0);
    const again = await gql(hk.t.baseUrl, `mutation($id: ID!) { discardQuarantinedObject(id: $id) { status } }`, { id: held[0]!.id }, hk.homeToken);
    expect(again.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('a run stopped between pages resumes where it stopped: nothing lost, nothing twice', async () => {
    const cn = await startExchange('CNCERT');
    try {
      const objects = Array.from({ length: 10 }, (_, i) => marked('GREEN', indicator({ name: `cn ${i}` })));
      // Three bundles: pages of 3 cut across bundles that share one date added.
      await submitOk(cn.t.baseUrl, cn.homeToken, { bundle: bundle(...objects.slice(0, 4)) });
      await submitOk(cn.t.baseUrl, cn.homeToken, { bundle: bundle(...objects.slice(4, 7)) });
      await submitOk(cn.t.baseUrl, cn.homeToken, { bundle: bundle(...objects.slice(7)) });
      const { peerId } = await link(hk, cn, { direction: 'PULL', pageSize: 3 });

      const runner = hk.t.app.get(SyncRunner);
      const crashed = await runner.run(peerId, 'MANUAL', {
        onPage: ({ page }) => {
          if (page === 2) throw new Error('simulated crash after the second page');
        },
      });
      expect(crashed).toMatchObject({ status: 'FAILED', pulled: 6 });
      const held = await Promise.all(objects.map(async (o) => (await storedRows(hk, String(o.id))).length));
      expect(held).toEqual([1, 1, 1, 1, 1, 1, 0, 0, 0, 0]);

      const resumed = await runSync(hk, peerId);
      expect(resumed).toMatchObject({ status: 'OK', pulled: 4, duplicates: 0 });
      for (const o of objects) expect(await storedRows(hk, String(o.id))).toHaveLength(1);
      const atHk = await everything(hk, { token: hk.homeToken });
      for (const o of objects) expect(atHk.get(String(o.id))).toHaveLength(1);
    } finally {
      await cn.t.close();
    }
  });

  it('refuses a bad peer with every problem named, and only HOME admins manage peers (ADMIN exists only at HOME)', async () => {
    await clientOf(hk, 'VALID', 'TRUSTED', ['ANALYST']);
    const r = await gql(hk.t.baseUrl, CREATE_PEER, {
      input: { name: 'Bad Name', partner: 'HKCERT', baseUrl: 'ftp://x', collections: [], clientId: 'x', clientSecret: 'short', schedule: 'every hour', pageSize: 0, egressMaxTlp: 'RED', remoteIdentity: 'nope' },
    }, hk.homeToken);
    expect(r.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const paths = ((r.errors?.[0]?.extensions?.problems ?? []) as { path: string }[]).map((p) => p.path).sort();
    expect(paths).toEqual(['baseUrl', 'clientSecret', 'collections', 'egressMaxTlp', 'name', 'pageSize', 'partner', 'remoteIdentity', 'schedule']);
    // ADMIN is for HOME clients only (ClientsService refuses others): a partner's analyst is refused.
    const partnerAdmin = await clientOf(hk, 'VALID', 'CLOSE', ['ANALYST']);
    const notHome = await gql(hk.t.baseUrl, `{ peers { id } }`, {}, await tokenFor(hk.t.baseUrl, partnerAdmin));
    expect(notHome.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('refuses to store a secret without SYNC_SECRET_KEY, and never returns one', async () => {
    const bare = await startExchange('BARE', { SYNC_SECRET_KEY: '' });
    try {
      await clientOf(bare, 'SOMEONE', 'TRUSTED', ['ANALYST']);
      const r = await gql(bare.t.baseUrl, CREATE_PEER, { input: { name: 'someone', partner: 'SOMEONE', baseUrl: 'https://peer.example', collections: [ALL], clientId: 'x', clientSecret: 'a-secret-value' } }, bare.homeToken);
      expect(r.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(r.errors?.[0]?.message).toMatch(/SYNC_SECRET_KEY is not configured/);
    } finally {
      await bare.t.close();
    }
  });
});
