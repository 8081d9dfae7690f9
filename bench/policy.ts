/**
 * What the sharing policy costs: canSee in memory, and a first page of a list of N rows filtered by the
 * SQL condition versus by the RLS policy alone (as cx_app), on a real PostgreSQL (DATABASE_URL or a
 * throw-away embedded one). Usage: node dist/bench/policy.js [--rows 100000]
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import type { Actor } from '../src/auth/actor';
import { createDatabaseIfMissing, migrate } from '../src/database/database-runtime';
import { withDatabase } from '../src/database/database-url';
import { startEmbeddedPostgres } from '../src/database/embedded-postgres';
import { actorSessionSettings, canSee, rlsPolicyStatements, type Shareable, TLP_LEVELS, visibleToSql } from '../src/policy';

const ROWS = Number(process.argv[process.argv.indexOf('--rows') + 1]) || 100_000;
const PARTNERS = Array.from({ length: 50 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
const actor: Actor = {
  clientId: 'bench', partnerId: PARTNERS[7], partnerShortName: 'BENCH', partnerKind: 'CERT', trust: 'COMMUNITY',
  groups: ['APCERT'], roles: ['READER'], identityRef: 'identity--bench', active: true,
};

function row(i: number): Shareable {
  const audience = i % 5 === 0;
  return {
    tlp: TLP_LEVELS[i % TLP_LEVELS.length],
    audiencePartners: audience ? [PARTNERS[i % 50], PARTNERS[(i * 7) % 50]] : null,
    audienceGroups: audience && i % 2 === 0 ? ['APCERT'] : null,
    ownerPartnerId: PARTNERS[(i * 13) % 50],
  };
}

async function timed(label: string, times: number, fn: () => Promise<unknown>): Promise<void> {
  await fn();
  const start = process.hrtime.bigint();
  for (let i = 0; i < times; i++) await fn();
  console.log(`${label.padEnd(44)} ${(Number(process.hrtime.bigint() - start) / 1e6 / times).toFixed(2)} ms`);
}

async function main(): Promise<void> {
  const rows = Array.from({ length: ROWS }, (_, i) => row(i));
  let seen = 0;
  const start = process.hrtime.bigint();
  for (const r of rows) if (canSee(actor, r)) seen++;
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  console.log(`canSee: ${ROWS} rows in ${ms.toFixed(1)} ms (${Math.round(ROWS / ms)}k/s), ${seen} visible`);

  let serverUrl = process.env.DATABASE_URL;
  let stop = async (): Promise<void> => undefined;
  const scratch = serverUrl ? undefined : mkdtempSync(path.join(tmpdir(), 'cx-bench-'));
  if (scratch) {
    chmodSync(scratch, 0o755);
    const pg = await startEmbeddedPostgres({ directory: path.join(scratch, 'postgres'), port: 0, durable: false });
    [serverUrl, stop] = [pg.url, pg.stop];
  }
  const database = `cx_bench_policy_${process.pid}`;
  await createDatabaseIfMissing(serverUrl!, database);
  const url = withDatabase(serverUrl!, database);
  await migrate(url);
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(`CREATE TABLE bench_objects (id serial PRIMARY KEY, tlp text, audience_partners uuid[], audience_groups text[], owner_partner_id uuid NOT NULL)`);
    await c.query(
      `INSERT INTO bench_objects (tlp, audience_partners, audience_groups, owner_partner_id)
       SELECT t, p::uuid[], g::text[], o FROM unnest($1::text[], $2::text[], $3::text[], $4::uuid[]) AS u(t, p, g, o)`,
      [rows.map((r) => r.tlp), rows.map((r) => r.audiencePartners && `{${r.audiencePartners.join(',')}}`), rows.map((r) => r.audienceGroups && `{${r.audienceGroups.join(',')}}`), rows.map((r) => r.ownerPartnerId)],
    );
    for (const s of rlsPolicyStatements('bench_objects')) await c.query(s);
    await c.query('GRANT SELECT ON bench_objects TO cx_app');
    await c.query('ANALYZE bench_objects');
    const cond = visibleToSql(actor, 'o');
    await timed('page of 50, SQL condition (owner)', 50, () => c.query(`SELECT * FROM bench_objects o WHERE ${cond.sql} ORDER BY id LIMIT 50`, cond.params));
    await timed('count, SQL condition (owner)', 10, () => c.query(`SELECT count(*) FROM bench_objects o WHERE ${cond.sql}`, cond.params));
    const settings = actorSessionSettings(actor);
    const asApp = (sql: string, params: unknown[] = []) => async () => {
      await c.query('BEGIN');
      await c.query(settings.sql, settings.params);
      await c.query('SET LOCAL ROLE cx_app');
      await c.query(sql, params);
      await c.query('COMMIT');
    };
    await timed('page of 50, RLS only (cx_app)', 50, asApp('SELECT * FROM bench_objects ORDER BY id LIMIT 50'));
    await timed('page of 50, RLS + SQL condition (cx_app)', 50, asApp(`SELECT * FROM bench_objects o WHERE ${cond.sql} ORDER BY id LIMIT 50`, cond.params));
    await timed('count, RLS only (cx_app)', 10, asApp('SELECT count(*) FROM bench_objects'));
  } finally {
    await c.end();
    await stop();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  }
}

void main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
