import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { Client } from 'pg';
import { indicator, marked } from '../stix/stix-fixtures';
import { gql } from '../support/graphql-client';
import { ALL, clientOf, CREATE_PEER, runSync, startExchange, storedRows, type Exchange } from './sync-harness';

const TAXII = 'application/taxii+json;version=2.1';
const ROOT = path.join(__dirname, '..', '..');

/** A sync process killed (SIGKILL) in the middle of a pull, then run again: nothing lost, nothing twice. */
describe('peer sync killed mid-run', () => {
  let hk: Exchange;
  let peer: Server;
  const objects = Array.from({ length: 12 }, (_, i) => marked('GREEN', indicator({ name: `page item ${i}` })));
  const served: number[] = [];

  beforeAll(async () => {
    hk = await startExchange('HKCERT');
    // The peer serves pages of 3, slowly, with `next` = the page number.
    peer = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://peer');
      req.resume();
      if (url.pathname === '/oauth/token') {
        res.writeHead(200, { 'content-type': 'application/json' });
        return res.end(JSON.stringify({ access_token: 'tok', expires_in: 900 }));
      }
      const pageNo = Number(url.searchParams.get('next') ?? 0);
      served.push(pageNo);
      const page = objects.slice(pageNo * 3, pageNo * 3 + 3);
      const more = pageNo < 3;
      setTimeout(() => {
        res.writeHead(200, { 'content-type': TAXII, 'X-TAXII-Date-Added-Last': `2026-11-25T10:00:0${pageNo}.000000Z` });
        res.end(JSON.stringify({ more, ...(more ? { next: String(pageNo + 1) } : {}), objects: page }));
      }, 800);
    });
    await new Promise<void>((resolve) => peer.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    peer?.close();
    await hk?.t.close();
  });

  async function sql<T>(text: string, params: unknown[] = []): Promise<T[]> {
    const c = new Client({ connectionString: hk.t.db.url });
    await c.connect();
    try {
      return (await c.query(text, params)).rows as T[];
    } finally {
      await c.end();
    }
  }

  it('resumes from the last committed page', async () => {
    await clientOf(hk, 'SLOWPEER', 'TRUSTED', ['ANALYST']);
    const created = await gql<{ createPeer: { id: string } }>(hk.t.baseUrl, CREATE_PEER, {
      input: { name: 'slowpeer', partner: 'SLOWPEER', baseUrl: `http://127.0.0.1:${(peer.address() as AddressInfo).port}`, collections: [ALL], clientId: 'us', clientSecret: 'secret-at-peer', pageSize: 3 },
    }, hk.homeToken);
    const peerId = created.data!.createPeer.id;

    const child = spawn(process.execPath, [path.join(ROOT, 'test/support/ts-child.js'), path.join(ROOT, 'test/sync/sync-run-child.ts'), 'slowpeer'], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: hk.t.db.url, SYNC_SECRET_KEY: hk.secretKey, LOG_LEVEL: 'silent', NODE_ENV: 'test', HOME_PARTNER_SHORT_NAME: 'HKCERT' },
      stdio: 'ignore',
    });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    // Kill it as soon as two pages are committed (the third is being fetched or stored).
    const deadline = Date.now() + 50000;
    let position: { addedAfter: string | null; next: string | null } | undefined;
    while (Date.now() < deadline) {
      const rows = await sql<{ position: string }>(`SELECT position FROM sync_cursors WHERE peer_id = $1 AND direction = 'PULL'`, [peerId]);
      if (rows[0]) position = JSON.parse(rows[0].position);
      if (position?.next === '2') break;
      await new Promise((r) => setTimeout(r, 50));
    }
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    expect(position).toEqual({ addedAfter: null, next: '2' });

    // What the killed run committed is whole: the first two pages, and nothing of a later one.
    const committed = await sql<{ position: string }>(`SELECT position FROM sync_cursors WHERE peer_id = $1`, [peerId]);
    const pagesDone = JSON.parse(committed[0]!.position).next === '2' ? 2 : 3;
    const held = await Promise.all(objects.map(async (o) => (await storedRows(hk, String(o.id))).length));
    expect(held).toEqual(objects.map((_, i) => (i < pagesDone * 3 ? 1 : 0)));
    expect(await sql(`SELECT status FROM sync_runs WHERE peer_id = $1`, [peerId])).toEqual([{ status: 'RUNNING' }]);

    // Run again: it resumes at page 2 (never asks for pages 0 and 1 again), and everything is there once.
    served.length = 0;
    const resumed = await runSync(hk, peerId);
    expect(resumed).toMatchObject({ status: 'OK', pulled: 12 - pagesDone * 3, duplicates: 0 });
    expect(served[0]).toBe(pagesDone);
    for (const o of objects) expect(await storedRows(hk, String(o.id))).toHaveLength(1);
    expect(await sql(`SELECT status FROM sync_runs WHERE peer_id = $1 ORDER BY started_at`, [peerId])).toEqual([{ status: 'ABORTED' }, { status: 'OK' }]);
  }, 90000);
});
