import { Client } from 'pg';
import { JobsService } from '../../src/jobs/jobs.service';
import { startTestApp, type TestApp } from '../support/test-app';

const until = async (check: () => boolean | Promise<boolean>, ms = 20000): Promise<void> => {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 100));
  }
};

describe('JobsService: pg-boss on the exchange database', () => {
  let t: TestApp;
  let jobs: JobsService;

  beforeAll(async () => {
    t = await startTestApp({ JOBS_ENABLED: 'true', JOBS_POLL_INTERVAL_MS: '500' });
    jobs = t.app.get(JobsService);
  });
  afterAll(() => t.close());

  it('creates its own schema, owned by the owner role, beside ours', async () => {
    const c = new Client({ connectionString: t.db.url });
    await c.connect();
    try {
      const r = await c.query(`SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'pgboss' AND table_name IN ('job', 'queue', 'schedule')`);
      expect(r.rows[0].n).toBe(3);
    } finally {
      await c.end();
    }
  });

  it('runs a job sent now, with its data', async () => {
    const seen: unknown[] = [];
    await jobs.register<{ n: number }>('test.now', async (data) => void seen.push(data.n));
    expect(await jobs.send('test.now', { n: 7 })).toEqual(expect.any(String));
    await until(() => seen.length === 1);
    expect(seen).toEqual([7]);
  });

  it('retries a failing job with back-off until it succeeds', async () => {
    const attempts: number[] = [];
    await jobs.register('test.retry', async (_data, job) => {
      attempts.push(Date.now());
      if (job.retryCount < 2) throw new Error('remote down');
    }, { retryLimit: 3, retryDelaySeconds: 1, backoff: true });
    await jobs.send('test.retry', {});
    await until(() => attempts.length === 3, 30000);
    // Exponential: the second wait is longer than the first.
    const [a, b, c] = attempts as [number, number, number];
    expect(b - a).toBeGreaterThanOrEqual(900);
    expect(c - b).toBeGreaterThan(b - a);
  });

  it('runs at most one job per singleton key at a time, and keeps at most one waiting', async () => {
    let running = 0;
    let maxRunning = 0;
    const done: string[] = [];
    await jobs.register<{ key: string; n: number }>('test.single', async (data) => {
      running++;
      maxRunning = Math.max(maxRunning, running);
      await new Promise((r) => setTimeout(r, 700));
      done.push(`${data.key}:${data.n}`);
      running--;
    }, { singleton: true, concurrency: 3 });
    const first = await jobs.send('test.single', { key: 'peer-a', n: 1 }, { singletonKey: 'peer-a' });
    expect(first).toEqual(expect.any(String));
    await until(() => running === 1);
    // One may wait while one runs; a third is refused (null), not queued.
    expect(await jobs.send('test.single', { key: 'peer-a', n: 2 }, { singletonKey: 'peer-a' })).toEqual(expect.any(String));
    expect(await jobs.send('test.single', { key: 'peer-a', n: 3 }, { singletonKey: 'peer-a' })).toBeNull();
    await until(() => done.length === 2, 20000);
    expect(done).toEqual(['peer-a:1', 'peer-a:2']);
    expect(maxRunning).toBe(1);
  });

  it('accepts a cron schedule and refuses a bad queue name', async () => {
    await jobs.register('test.cron', async () => undefined);
    await jobs.schedule('test.cron', '*/5 * * * *', { x: 1 });
    const c = new Client({ connectionString: t.db.url });
    await c.connect();
    try {
      const r = await c.query(`SELECT cron FROM pgboss.schedule WHERE name = 'test.cron'`);
      expect(r.rows).toEqual([{ cron: '*/5 * * * *' }]);
    } finally {
      await c.end();
    }
    await expect(jobs.send('Bad Name', {})).rejects.toThrow(/queue name/);
  });
});
