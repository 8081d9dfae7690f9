import { Client } from 'pg';
import { runCli } from '../../src/cli/run-cli';
import { CLI_COMMANDS } from '../../src/cli/commands';
import { SyncRunner } from '../../src/sync/sync-runner.service';
import { gql } from '../support/graphql-client';
import { bundle, indicator, marked, submitOk } from '../stix/stix-fixtures';
import { ALL, clientOf, CREATE_PEER, link, runSync, startExchange, storedRows, type Exchange } from './sync-harness';

const until = async (check: () => Promise<boolean>, ms = 30000): Promise<void> => {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 200));
  }
};

/** Running peers unattended: key pairs instead of secrets, the job queue and schedules, the CLI and /metrics. */
describe('peer sync operations', () => {
  let hk: Exchange;
  let cn: Exchange;

  beforeAll(async () => {
    [hk, cn] = await Promise.all([startExchange('HKCERT', { JOBS_ENABLED: 'true', JOBS_POLL_INTERVAL_MS: '500' }), startExchange('CNCERT')]);
    await submitOk(hk.t.baseUrl, hk.homeToken, { bundle: bundle(marked('GREEN', indicator({ name: 'hk 1' })), marked('CLEAR', indicator({ name: 'hk 2' }))) });
    await submitOk(cn.t.baseUrl, cn.homeToken, { bundle: bundle(marked('GREEN', indicator({ name: 'cn 1' }))) });
  });
  afterAll(async () => {
    await Promise.all([hk?.t.close(), cn?.t.close()]);
  });

  it('private_key_jwt: CNCERT pulls from HKCERT with a key pair it generated, no secret shared', async () => {
    const atHk = await clientOf(hk, 'CNCERT', 'TRUSTED', ['SYNC']);
    await clientOf(cn, 'HKCERT', 'TRUSTED', ['ANALYST']);
    const created = await gql<{ createPeer: { id: string; hasSecret: boolean; publicJwks: { keys: Record<string, unknown>[] } } }>(cn.t.baseUrl, CREATE_PEER, {
      input: { name: 'hkcert', partner: 'HKCERT', baseUrl: hk.t.baseUrl, collections: [ALL], direction: 'PULL', authMethod: 'PRIVATE_KEY_JWT', clientId: atHk.clientId, assertionAudience: 'cert-exchange' },
    }, cn.homeToken);
    expect(created.errors).toBeUndefined();
    const { id, hasSecret, publicJwks } = created.data!.createPeer;
    expect(hasSecret).toBe(false);
    expect(publicJwks.keys[0]).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', kid: expect.any(String) });
    expect(publicJwks.keys[0]).not.toHaveProperty('d');

    // Before HKCERT registers the key: refused, clearly.
    const refused = await runSync(cn, id);
    expect(refused.error).toMatch(/token request .* answered 401/);
    // HKCERT's admin registers the public key on the client it issued.
    const set = await gql(hk.t.baseUrl, `mutation($c: String!, $j: JSON!) { setClientKeys(clientId: $c, jwks: $j) { clientId } }`, { c: atHk.clientId, j: publicJwks }, hk.homeToken);
    expect(set.errors).toBeUndefined();
    expect(await runSync(cn, id)).toMatchObject({ status: 'OK', pulled: 2 });
  });

  it('runPeerSync queues a job when jobs run; a due schedule queues one too; both run once', async () => {
    const { peerId } = await link(hk, cn, { direction: 'BOTH' });
    const r = await gql<{ runPeerSync: { queued: boolean; run: null } }>(hk.t.baseUrl, `mutation($id: ID!) { runPeerSync(peerId: $id) { queued run { id } } }`, { id: peerId }, hk.homeToken);
    expect(r.data!.runPeerSync).toEqual({ queued: true, run: null });
    const runs = async () => {
      const c = new Client({ connectionString: hk.t.db.url });
      await c.connect();
      try {
        return (await c.query(`SELECT trigger, status, pulled, pushed FROM sync_runs WHERE peer_id = $1 ORDER BY started_at`, [peerId])).rows;
      } finally {
        await c.end();
      }
    };
    await until(async () => (await runs()).some((x) => x.status === 'OK'));
    expect(await runs()).toEqual([{ trigger: 'MANUAL', status: 'OK', pulled: 1, pushed: 2 }]);

    // A schedule that is due: the scheduler's minute claims it and queues one run.
    await gql(hk.t.baseUrl, `mutation($p: String!) { updatePeer(peer: $p, input: { schedule: "*/5 * * * *" }) { nextRunAt } }`, { p: peerId }, hk.homeToken);
    const c = new Client({ connectionString: hk.t.db.url });
    await c.connect();
    await c.query(`UPDATE sync_peers SET next_run_at = now() - interval '1 minute' WHERE id = $1`, [peerId]);
    await c.end();
    expect(await hk.t.app.get(SyncRunner).queueDue()).toBe(1);
    expect(await hk.t.app.get(SyncRunner).queueDue()).toBe(0);
    await until(async () => (await runs()).length === 2 && (await runs())[1]!.status !== 'RUNNING');
    expect((await runs())[1]).toEqual({ trigger: 'SCHEDULE', status: 'OK', pulled: 0, pushed: 0 });
  });

  it('exposes per-peer metrics on /metrics', async () => {
    const text = await (await fetch(`${hk.t.baseUrl}/metrics`)).text();
    expect(text).toMatch(/cx_sync_objects\{peer="cncert",direction="in"\} 1/);
    expect(text).toMatch(/cx_sync_objects\{peer="cncert",direction="out"\} 2/);
    expect(text).toMatch(/cx_sync_lag_seconds\{peer="cncert"\} \d/);
    expect(text).toMatch(/cx_sync_up\{peer="cncert"\} 1/);
    expect(text).toMatch(/cx_sync_quarantine_size\{peer="cncert"\} 0/);
  });

  it('npm run cli -- sync:run <peer> runs it and reports; sync:status lists the peers', async () => {
    const fresh = marked('GREEN', indicator({ name: 'cn 2' }));
    await submitOk(cn.t.baseUrl, cn.homeToken, { bundle: bundle(fresh) });
    const out: string[] = [];
    const err: string[] = [];
    const io = { out: (t: string) => out.push(t), err: (t: string) => err.push(t) };
    const env = { DATABASE_URL: hk.t.db.url, LOG_LEVEL: 'silent', SYNC_SECRET_KEY: hk.secretKey, HOME_PARTNER_SHORT_NAME: 'HKCERT' };
    expect(await runCli(['sync:run', 'cncert', '--json'], CLI_COMMANDS, io, env)).toBe(0);
    expect(JSON.parse(out[0]!)).toMatchObject({ status: 'OK', trigger: 'CLI', pulled: 1 });
    expect(await storedRows(hk, String(fresh.id))).toHaveLength(1);
    expect(await runCli(['sync:status', '--json'], CLI_COMMANDS, io, env)).toBe(0);
    expect(JSON.parse(out[1]!).peers).toEqual([expect.objectContaining({ name: 'cncert', lastStatus: 'OK', objectsIn: 2 })]);
    expect(await runCli(['sync:run', 'nobody'], CLI_COMMANDS, io, env)).not.toBe(0);
    expect(err.join('\n')).toMatch(/Peer nobody not found/);
  });
});
