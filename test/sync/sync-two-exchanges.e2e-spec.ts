import { tokenFor, type TestClient } from '../support/partners';
import { gql } from '../support/graphql-client';
import { bundle, indicator, marked, submitOk } from '../stix/stix-fixtures';
import { clientOf, everything, link, runSync, startExchange, storedRows, type Exchange } from './sync-harness';

/**
 * HKCERT and CNCERT, two real exchanges on two databases. HKCERT links CNCERT as a BOTH peer: it pulls
 * what CNCERT shares with it and pushes what CNCERT may see here. Objects at every TLP level and audience.
 */
describe('peer sync between two exchanges', () => {
  let hk: Exchange;
  let cn: Exchange;
  let peerId: string;
  let cnAtHk: TestClient;
  let secret: string;
  let other: TestClient;
  const hkObjects: Record<string, Record<string, unknown>> = {};
  const cnObjects: Record<string, Record<string, unknown>> = {};

  beforeAll(async () => {
    [hk, cn] = await Promise.all([startExchange('HKCERT'), startExchange('CNCERT')]);
    const linked = await link(hk, cn, { direction: 'BOTH', pageSize: 3 });
    peerId = linked.peerId;
    secret = linked.atRemote.clientSecret;
    cnAtHk = linked.partnerHere;
    other = await clientOf(hk, 'JPCERT', 'TRUSTED', ['ANALYST']);

    // At HKCERT, by its home CERT: every marking, with and without an audience.
    const add = async (name: string, level: Parameters<typeof marked>[0] | null, audience?: string[], extra: Record<string, unknown> = {}) => {
      const o = level ? marked(level, indicator({ name, ...extra })) : indicator({ name, ...extra });
      hkObjects[name] = o;
      await submitOk(hk.t.baseUrl, hk.homeToken, { bundle: bundle(o), ...(audience ? { audience: { partners: audience, groups: [] } } : {}) });
    };
    await add('clear', 'CLEAR');
    await add('green', 'GREEN');
    await add('amber', 'AMBER', undefined, { x_cx_sensitive: { victim: 'Bank X' } });
    await add('unmarked', null);
    await add('amber-strict', 'AMBER+STRICT');
    await add('amber-strict-for-cn', 'AMBER+STRICT', ['CNCERT']);
    await add('red', 'RED');
    await add('red-for-cn', 'RED', ['CNCERT']);
    await add('amber-for-jp', 'AMBER', ['JPCERT']);
    await add('amber-for-cn', 'AMBER', ['CNCERT']);
    // CNCERT's own object at HKCERT (its analysts submitted it here): never pushed back to it.
    const own = marked('GREEN', indicator({ name: 'cn-own-at-hk' }));
    hkObjects['cn-own-at-hk'] = own;
    await submitOk(hk.t.baseUrl, await tokenFor(hk.t.baseUrl, cnAtHk), { bundle: bundle(own) });

    // At CNCERT, by its home CERT.
    for (const [name, level] of [['cn-clear', 'CLEAR'], ['cn-amber', 'AMBER'], ['cn-strict', 'AMBER+STRICT'], ['cn-red', 'RED']] as const) {
      const o = marked(level, indicator({ name }));
      cnObjects[name] = o;
      await submitOk(cn.t.baseUrl, cn.homeToken, { bundle: bundle(o) });
    }
    // A second version of one, so history travels too.
    await submitOk(cn.t.baseUrl, cn.homeToken, { bundle: bundle({ ...cnObjects['cn-amber']!, modified: '2026-11-02T00:00:00.000Z', name: 'cn-amber v2' }) });
  });
  afterAll(async () => {
    await Promise.all([hk?.t.close(), cn?.t.close()]);
  });

  it('pulls what CNCERT shares with HKCERT and pushes what CNCERT may see, nothing more', async () => {
    const run = await runSync(hk, peerId);
    expect(run).toMatchObject({ status: 'OK', error: null, quarantined: 0, pushFailures: 0, echoes: 0 });
    expect(run.pulled).toBe(3); // cn-clear, cn-amber and its second version
    expect(run.pushed).toBe(5); // clear, green, amber, unmarked (default AMBER), amber-strict-for-cn

    const atCn = await everything(cn, { token: cn.homeToken });
    const pushed = ['clear', 'green', 'amber', 'unmarked', 'amber-strict-for-cn'];
    const never = ['amber-strict', 'red', 'red-for-cn', 'amber-for-jp', 'amber-for-cn', 'cn-own-at-hk'];
    for (const name of pushed) expect(atCn.has(String(hkObjects[name]!.id))).toBe(true);
    for (const name of never) expect({ name, present: atCn.has(String(hkObjects[name]!.id)) }).toEqual({ name, present: false });

    const atHk = await everything(hk, { token: hk.homeToken });
    expect(atHk.has(String(cnObjects['cn-clear']!.id))).toBe(true);
    expect(atHk.get(String(cnObjects['cn-amber']!.id))).toHaveLength(2);
    for (const name of ['cn-strict', 'cn-red']) expect(atHk.has(String(cnObjects[name]!.id))).toBe(false);
  });

  it('stores byte-identical STIX to what the other side served its partner (sensitive fields already removed)', async () => {
    // What HKCERT serves CNCERT's client over TAXII is exactly what CNCERT now holds.
    const servedByHk = await everything(hk, { token: await tokenFor(hk.t.baseUrl, cnAtHk) });
    const heldByCn = await everything(cn, { token: cn.homeToken });
    for (const name of ['clear', 'green', 'amber', 'unmarked', 'amber-strict-for-cn']) {
      const id = String(hkObjects[name]!.id);
      expect(heldByCn.get(id)).toEqual(servedByHk.get(id));
    }
    expect(heldByCn.get(String(hkObjects.amber!.id))![0]).not.toContain('Bank X');

    const servedByCn = await everything(cn, { basic: { clientId: (await clientAtCn()).clientId, clientSecret: (await clientAtCn()).clientSecret } });
    const heldByHk = await everything(hk, { token: hk.homeToken });
    for (const name of ['cn-clear', 'cn-amber']) {
      const id = String(cnObjects[name]!.id);
      expect(heldByHk.get(id)).toEqual(servedByCn.get(id));
    }
  });

  it('records provenance: pulled objects belong to the peer partner, channel sync, this peer', async () => {
    expect(await storedRows(hk, String(cnObjects['cn-clear']!.id))).toEqual([{ owner: 'CNCERT', channel: 'sync', peer: peerId }]);
    expect(await storedRows(cn, String(hkObjects.clear!.id))).toEqual([{ owner: 'HKCERT', channel: 'taxii', peer: null }]);
  });

  it('moves nothing twice: a second run finds nothing new, and new objects follow incrementally', async () => {
    const again = await runSync(hk, peerId);
    expect(again).toMatchObject({ status: 'OK', pulled: 0, pushed: 0, duplicates: 0, quarantined: 0 });

    const fresh = marked('GREEN', indicator({ name: 'cn-later' }));
    await submitOk(cn.t.baseUrl, cn.homeToken, { bundle: bundle(fresh) });
    const hkFresh = marked('CLEAR', indicator({ name: 'hk-later' }));
    await submitOk(hk.t.baseUrl, hk.homeToken, { bundle: bundle(hkFresh) });
    const third = await runSync(hk, peerId);
    expect(third).toMatchObject({ status: 'OK', pulled: 1, pushed: 1 });
    expect(await storedRows(hk, String(fresh.id))).toHaveLength(1);
    expect(await storedRows(cn, String(hkFresh.id))).toHaveLength(1);
    // Pulled objects are never pushed back: CNCERT holds each of its objects once, as its own.
    expect(await storedRows(cn, String(fresh.id))).toEqual([{ owner: 'CNCERT', channel: 'graphql', peer: null }]);
  });

  it('shows HOME the status, and nobody else', async () => {
    const STATUS = `{ peerSyncStatus { peer { name direction hasSecret } lastSuccessAt lagSeconds objectsIn objectsOut failedRuns quarantineSize lastError recentRuns { status } } }`;
    const r = await gql<{ peerSyncStatus: Record<string, unknown>[] }>(hk.t.baseUrl, STATUS, {}, hk.homeToken);
    expect(r.errors).toBeUndefined();
    expect(r.data!.peerSyncStatus[0]).toMatchObject({ peer: { name: 'cncert', direction: 'BOTH', hasSecret: true }, objectsIn: 4, objectsOut: 6, failedRuns: 0, quarantineSize: 0, lastError: null });
    const denied = await gql(hk.t.baseUrl, STATUS, {}, await tokenFor(hk.t.baseUrl, other));
    expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    // Secrets never leave: no field holds them, and the stored value is sealed.
    const peers = await gql<{ peers: Record<string, unknown>[] }>(hk.t.baseUrl, `{ peers { clientId hasSecret remoteIdentity } }`, {}, hk.homeToken);
    expect(JSON.stringify(peers.data)).not.toContain(secret);
    const { Client } = await import('pg');
    const c = new Client({ connectionString: hk.t.db.url });
    await c.connect();
    const stored = (await c.query(`SELECT secret_sealed FROM sync_peers`)).rows[0].secret_sealed as string;
    await c.end();
    expect(stored).toMatch(/^v1\./);
    expect(stored).not.toContain(secret);
    // The first pull learnt CNCERT's exchange identity: what started there is never pushed back.
    expect(peers.data!.peers[0]!.remoteIdentity).toBe(cn.identity);
  });

  async function clientAtCn(): Promise<TestClient> {
    const client = cached ?? (await clientOf(cn, 'HKCERT', 'TRUSTED', ['READER']));
    cached = client;
    return client;
  }
  let cached: TestClient | undefined;
});
