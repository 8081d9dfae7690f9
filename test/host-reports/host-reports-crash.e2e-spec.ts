import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { HostImportSweeper } from '../../src/host-reports';
import { INTERRUPTED } from '../../src/host-reports/import/host-import-sweeper';
import { asOwner } from '../support/test-database';
import { startTestApp, type TestApp } from '../support/test-app';
import { ADD_NETWORKS, aCaller, daysAgo, ok, SAVE_FEED } from './host-reports-fixtures';
import { spawnCli } from './support/cli-child';

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** An import whose process is killed (SIGKILL) mid-file: nothing of it is stored, and the sweep marks it FAILED. */
describe('host reports: an import interrupted by a crash', () => {
  let t: TestApp;
  let dir: string;

  beforeAll(async () => {
    t = await startTestApp();
    dir = mkdtempSync(path.join(tmpdir(), 'cx-hr-crash-'));
    const home = await aCaller(t, { kind: 'HOME', roles: ['ADMIN'] });
    await aCaller(t, { kind: 'ISP', roles: ['ANALYST'], shortName: 'ISP-C' });
    ok(await home.q(ADD_NETWORKS, { partner: 'ISP-C', networks: ['10.0.0.0/8'] }));
    ok(await home.q(SAVE_FEED, { input: { name: 'big', format: 'CSV', partial: true, mapping: { columns: { timestamp: 'ts', ip: 'ip', threat: 'threat' } } } }));
  });
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('leaves no rows, and the sweep marks the import FAILED with the reason', async () => {
    const file = path.join(dir, 'big.csv');
    const at = daysAgo(1, 1);
    const lines = ['ts,ip,threat'];
    for (let i = 0; i < 400_000; i++) lines.push(`${at},10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255},mirai`);
    writeFileSync(file, lines.join('\n'));

    const child = spawnCli(['host-reports:import', 'big', file, '--json'], { DATABASE_URL: t.db.url, LOG_LEVEL: 'silent', HOST_REPORTS_BATCH_SIZE: '2000' });
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<string | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    try {
      // Kill it once batches have been stored in its (uncommitted) transaction.
      await until(`the child's import to store rows (stderr: ${stderr})`, () =>
        asOwner(t.db.url, async (c) => {
          const { rows } = await c.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND query LIKE '%INSERT INTO host_reports%' AND pid <> pg_backend_pid()`);
          return rows[0].n > 0 ? true : undefined;
        }),
      );
      await new Promise((r) => setTimeout(r, 300));
    } finally {
      child.kill('SIGKILL');
    }
    expect(await exited).toBe('SIGKILL');

    const running = await asOwner(t.db.url, (c) => c.query(`SELECT id, status FROM host_report_imports`));
    expect(running.rows).toEqual([{ id: expect.any(String), status: 'RUNNING' }]);
    const id = running.rows[0].id as string;

    // The server's database backend may still be finishing the last statement; once it notices, the lock goes.
    const sweeper = t.app.get(HostImportSweeper);
    expect(await until('the sweep to find the import', async () => ((await sweeper.sweep(0)).includes(id) ? true : undefined))).toBe(true);

    await asOwner(t.db.url, async (c) => {
      const record = await c.query(`SELECT status, accepted, problems, finished_at FROM host_report_imports WHERE id = $1`, [id]);
      expect(record.rows[0]).toMatchObject({ status: 'FAILED', accepted: '0', problems: [{ line: 0, message: INTERRUPTED }], finished_at: expect.any(Date) });
      expect((await c.query(`SELECT count(*)::int AS n FROM host_reports`)).rows[0].n).toBe(0);
      const audit = await c.query(`SELECT outcome, details FROM audit_events WHERE action = 'host-report.import' AND $1 = ANY(target_ids)`, [id]);
      expect(audit.rows).toEqual([{ outcome: 'error', details: expect.objectContaining({ status: 'FAILED', reason: 'interrupted' }) }]);
    });
    // Swept once: a second sweep finds nothing more.
    expect(await sweeper.sweep(0)).toEqual([]);
  }, 120_000);

  it('never sweeps an import that is still running', async () => {
    const sweeper = t.app.get(HostImportSweeper);
    const importing = asOwner(t.db.url, async (c) => {
      // A running import as the service leaves it: a RUNNING record locked by an open transaction.
      const feed = await c.query(`SELECT id FROM host_report_feeds WHERE name = 'big'`);
      const started = await c.query(`INSERT INTO host_report_imports (feed_id, status, channel, started_at) VALUES ($1, 'RUNNING', 'test', now() - interval '1 hour') RETURNING id`, [feed.rows[0].id]);
      await c.query('BEGIN');
      await c.query(`SELECT 1 FROM host_report_imports WHERE id = $1 FOR NO KEY UPDATE`, [started.rows[0].id]);
      expect(await sweeper.sweep(0)).toEqual([]);
      await c.query('COMMIT');
      return started.rows[0].id as string;
    });
    const id = await importing;
    expect(await sweeper.sweep(0)).toEqual([id]);
  });
});
