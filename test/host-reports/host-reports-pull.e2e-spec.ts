import { once } from 'node:events';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { cliHomeActor, HostFeedPuller } from '../../src/host-reports';
import { JobsService } from '../../src/jobs/jobs.service';
import { PartnersService } from '../../src/partners/partners.service';
import { startTestApp, type TestApp } from '../support/test-app';
import { asOwner } from '../support/test-database';
import { ADD_NETWORKS, aCaller, allReports, daysAgo, ok, SAVE_FEED, type Caller } from './host-reports-fixtures';

const PULL = `mutation($feed: String!) { pullHostReportFeed(feed: $feed) { id status rowsRead accepted unrouted rejected problems { line message } } }`;
const TOKEN_ENV = 'HOST_FEED_CX_TEST_TOKEN';

/** Feeds pulled from a URL: a real HTTP server in the test serves files, redirects, errors, large and slow bodies. */
describe('host reports: pulling a feed from a URL', () => {
  let t: TestApp;
  let home: Caller;
  let isp: Caller;
  let server: http.Server;
  let base: string;
  const seen: { path: string; authorization?: string }[] = [];
  const csv = () => ['time,ip,threat', `${daysAgo(1, 1)},192.0.2.1,mirai`, `${daysAgo(1, 2)},198.18.0.1,gozi`].join('\n');

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      seen.push({ path: req.url!, authorization: req.headers.authorization });
      const url = new URL(req.url!, 'http://x');
      if (url.pathname === '/feed.csv') {
        if (req.headers.authorization !== 'Bearer s3cret') return void res.writeHead(401).end('no');
        return void res.writeHead(200, { 'content-type': 'text/csv' }).end(csv());
      }
      if (url.pathname === '/moved') return void res.writeHead(302, { location: '/feed.csv' }).end();
      if (url.pathname === '/elsewhere') return void res.writeHead(301, { location: `http://localhost:${(server.address() as AddressInfo).port}/feed.csv` }).end();
      if (url.pathname === '/loop') return void res.writeHead(307, { location: '/loop' }).end();
      if (url.pathname === '/to-file') return void res.writeHead(302, { location: 'file:///etc/passwd' }).end();
      if (url.pathname === '/big') {
        // No Content-Length: the limit must bite while streaming.
        res.writeHead(200);
        const line = `${daysAgo(1, 1)},192.0.2.9,mirai\n`;
        res.write('time,ip,threat\n');
        for (let i = 0; i < 2000; i++) res.write(line);
        return void res.end();
      }
      if (url.pathname === '/slow') {
        res.writeHead(200);
        res.write('time,ip,threat\n'); // then nothing: the deadline must end it
        return;
      }
      res.writeHead(404, 'Not Found').end();
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    process.env[TOKEN_ENV] = 'Bearer s3cret';

    t = await startTestApp();
    home = await aCaller(t, { kind: 'HOME', roles: ['ADMIN'] });
    isp = await aCaller(t, { kind: 'ISP', roles: ['ANALYST'], shortName: 'ISP-P' });
    ok(await home.q(ADD_NETWORKS, { partner: 'ISP-P', networks: ['192.0.2.0/24'] }));
    const mapping = { columns: { timestamp: 'time', ip: 'ip', threat: 'threat' } };
    const feed = (name: string, path: string, extra: Record<string, unknown> = {}) =>
      home.q(SAVE_FEED, { input: { name, format: 'CSV', mapping, url: `${base}${path}`, authHeader: 'Authorization', authEnv: TOKEN_ENV, ...extra } });
    for (const [name, path, extra] of [
      ['pulled', '/feed.csv', { schedule: '0 */6 * * *' }],
      ['moved', '/moved', {}],
      ['elsewhere', '/elsewhere', {}],
      ['loop', '/loop', {}],
      ['to-file', '/to-file', {}],
      ['missing', '/missing', {}],
      ['big', '/big', { maxBytes: 10_000 }],
      ['slow', '/slow', {}],
    ] as const) ok(await feed(name, path, extra));
  });
  afterAll(async () => {
    delete process.env[TOKEN_ENV];
    await t.close();
    server.close();
  });

  it('downloads with the header from the environment, imports and routes the rows', async () => {
    const pulled = ok(await home.q<{ pullHostReportFeed: Record<string, unknown> }>(PULL, { feed: 'pulled' })).pullHostReportFeed;
    expect(pulled).toMatchObject({ status: 'SUCCEEDED', rowsRead: 2, accepted: 2, unrouted: 1, rejected: 0 });
    expect((await allReports(home)).map((r) => [r.ip, r.owner, r.sources]).sort()).toEqual([
      ['192.0.2.1', 'ISP-P', ['pulled']],
      ['198.18.0.1', null, ['pulled']],
    ]);
    expect(seen.filter((s) => s.path === '/feed.csv').at(-1)).toEqual({ path: '/feed.csv', authorization: 'Bearer s3cret' });
  });

  it('refuses a pull to a partner: only HOME makes the exchange download a feed', async () => {
    const refused = await isp.q(PULL, { feed: 'pulled' });
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(refused.errors?.[0]?.message).toBe('only the home CERT pulls host report feeds');
  });

  it('follows redirects, sending the header only to the origin it was configured for', async () => {
    expect(ok(await home.q<{ pullHostReportFeed: Record<string, unknown> }>(PULL, { feed: 'moved' })).pullHostReportFeed).toMatchObject({ status: 'SUCCEEDED', accepted: 2 });
    // 127.0.0.1 → localhost is another origin: no Authorization there, so that server refuses.
    const elsewhere = await home.q(PULL, { feed: 'elsewhere' });
    expect(elsewhere.errors![0]).toMatchObject({ message: `pulling ${base}/elsewhere failed: HTTP 401 Unauthorized`, extensions: { code: 'BAD_USER_INPUT', importId: expect.any(String) } });
  });

  it.each([
    ['loop', (b: string) => `pulling ${b}/loop failed: more than 5 redirects`, 'BAD_USER_INPUT'],
    ['to-file', (b: string) => `pulling ${b}/to-file failed: file:///etc/passwd must be an http or https URL`, 'BAD_USER_INPUT'],
    ['missing', (b: string) => `pulling ${b}/missing failed: HTTP 404 Not Found`, 'BAD_USER_INPUT'],
    ['big', (b: string) => `pulling ${b}/big failed: the file is over this feed's limit of 10000 bytes`, 'PAYLOAD_TOO_LARGE'],
  ])('fails the import of %s with the reason, storing nothing', async (feed, message, code) => {
    const response = await home.q(PULL, { feed });
    expect(response.errors![0]!.message.startsWith(message(base))).toBe(true);
    expect(response.errors![0]!.extensions).toMatchObject({ code, importId: expect.any(String) });
    expect((await allReports(home)).map((r) => r.ip)).not.toContain('192.0.2.9');
  });

  it('gives up on a download that outlives its deadline', async () => {
    const puller = t.app.get(HostFeedPuller);
    const actor = await cliHomeActor(t.app.get(PartnersService));
    await expect(puller.pull(actor, 'slow', { timeoutMs: 500 })).rejects.toMatchObject({ message: `pulling ${base}/slow failed: timed out`, details: { importId: expect.any(String) } });
  });

  it('refuses feed settings that could not be pulled', async () => {
    const response = await home.q(SAVE_FEED, {
      input: { name: 'bad-pull', format: 'CSV', mapping: { columns: { timestamp: 'time', ip: 'ip', threat: 'threat' } }, url: 'ftp://x.example/f.csv', schedule: '61 * * *', authHeader: 'Authorization' },
    });
    expect(response.errors![0]!.extensions!.problems).toEqual([
      { path: 'url', message: 'must be an http or https URL' },
      { path: 'schedule', message: 'must have five fields: minute hour day-of-month month day-of-week (UTC), e.g. "0 * * * *"' },
      { path: 'authEnv', message: 'authHeader and authEnv go together' },
    ]);
    const secretOfOurs = await home.q(SAVE_FEED, {
      input: { name: 'bad-pull', format: 'CSV', mapping: { columns: { timestamp: 'time', ip: 'ip', threat: 'threat' } }, url: 'https://x.example/f.csv', authHeader: 'Authorization', authEnv: 'SYNC_SECRET_KEY' },
    });
    expect(secretOfOurs.errors![0]!.extensions!.problems).toEqual([{ path: 'authEnv', message: 'must be an environment variable named HOST_FEED_… (A-Z, 0-9, _)' }]);
    const noUrl = await home.q(SAVE_FEED, { input: { name: 'bad-pull', format: 'CSV', mapping: { columns: { timestamp: 'time', ip: 'ip', threat: 'threat' } }, schedule: '0 61 * * *' } });
    expect(noUrl.errors![0]!.extensions!.problems).toEqual([
      { path: 'schedule', message: 'hour "61" is not *, a number 0-23, a range, a /step or a list of those' },
      { path: 'schedule', message: 'needs a url to pull from' },
    ]);
  });
});

/** With the job queue on, a feed's schedule is a pg-boss cron schedule whose job pulls the feed. */
describe('host reports: scheduled pulls', () => {
  let t: TestApp;
  let server: http.Server;

  beforeAll(async () => {
    server = http.createServer((_req, res) => res.writeHead(200).end(['time,ip,threat', `${daysAgo(1, 1)},192.0.2.44,mirai`].join('\n')));
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    t = await startTestApp({ JOBS_ENABLED: 'true', JOBS_POLL_INTERVAL_MS: '500' });
  });
  afterAll(async () => {
    await t.close();
    server.close();
  });

  it('schedules, runs through the queue, and unschedules when the schedule is removed', async () => {
    const home = await aCaller(t, { kind: 'HOME', roles: ['ADMIN'] });
    const input = { name: 'hourly', format: 'CSV', mapping: { columns: { timestamp: 'time', ip: 'ip', threat: 'threat' } }, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/f.csv` };
    const feed = ok(await home.q<{ saveHostReportFeed: { id: string } }>(SAVE_FEED, { input: { ...input, schedule: '0 * * * *' } })).saveHostReportFeed;
    const queue = `hosts.feed.${feed.id}`;
    const schedules = () => asOwner(t.db.url, async (c) => (await c.query(`SELECT cron, data FROM pgboss.schedule WHERE name = $1`, [queue])).rows);
    expect(await schedules()).toEqual([{ cron: '0 * * * *', data: { feedId: feed.id } }]);

    // What the cron does at the hour, now: a job on the feed's queue.
    expect(await t.app.get(JobsService).send(queue, { feedId: feed.id })).toEqual(expect.any(String));
    const deadline = Date.now() + 30_000;
    while (!(await allReports(home)).some((r) => r.ip === '192.0.2.44')) {
      if (Date.now() > deadline) throw new Error('the scheduled pull did not import');
      await new Promise((r) => setTimeout(r, 250));
    }
    ok(await home.q(`mutation($input: HostReportFeedInput!) { saveHostReportFeed(input: $input, replace: true) { id } }`, { input }));
    expect(await schedules()).toEqual([]);
  }, 60_000);
});
