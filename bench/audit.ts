/**
 * The cost of auditing. A simulated ingest (100,000 STIX-like rows in 1,000-row transactions) with
 * recordMany in the same transaction, against the same ingest with the audit write a no-op, interleaved
 * so drift hits both alike; then concurrent small writers (one row + one event per transaction), whose
 * throughput the chain lock bounds. Usage: npx tsc -p tsconfig.build.json && node dist/bench/audit.js
 * [--rows 100000 --batch 1000 --seconds 5]
 */
import { randomUUID } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Module, type DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Client } from 'pg';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditModule } from '../src/audit/audit.module';
import { AuditService } from '../src/audit/audit.service';
import type { AuditEventInput } from '../src/audit/audit-event.types';
import { createDatabaseIfMissing, migrate } from '../src/database/database-runtime';
import { withDatabase } from '../src/database/database-url';
import { appDataSourceOptions } from '../src/database/data-source-options';
import { startEmbeddedPostgres } from '../src/database/embedded-postgres';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

@Module({})
class BenchModule {
  static forRoot(url: string): DynamicModule {
    return { module: BenchModule, imports: [TypeOrmModule.forRoot(appDataSourceOptions(url, 40)), AuditModule.forRoot({ anchorIntervalMs: 0 })] };
  }
}

type AuditWrite = (m: EntityManager, events: AuditEventInput[]) => Promise<unknown>;

/** One ingest transaction: 1,000 objects in one INSERT, then their audit events in one. */
async function ingestBatch(ds: DataSource, size: number, auditWrite: AuditWrite): Promise<void> {
  const ids = Array.from({ length: size }, () => `indicator--${randomUUID()}`);
  const bodies = ids.map((id) =>
    JSON.stringify({ type: 'indicator', spec_version: '2.1', id, created: new Date().toISOString(), name: `bench ${id}`, pattern: `[ipv4-addr:value = '198.51.100.${id.length % 255}']`, pattern_type: 'stix', valid_from: '2026-01-01T00:00:00Z', labels: ['malicious-activity'], description: 'x'.repeat(300) }),
  );
  await ds.transaction(async (m) => {
    await m.query(`INSERT INTO bench_objects (stix_id, type, modified, body) SELECT id, 'indicator', now(), b FROM unnest($1::text[], $2::jsonb[]) AS u(id, b)`, [ids, bodies]);
    await auditWrite(
      m,
      ids.map((id) => ({ action: 'stix.submit' as const, outcome: 'ok' as const, actor: { clientId: 'bench-client', partnerId: 'bench-partner' }, channel: 'taxii' as const, requestId: 'bench', targetIds: [id], details: { type: 'indicator' } })),
    );
  });
}

async function ingest(ds: DataSource, audit: AuditService, rows: number, batch: number): Promise<{ withAudit: number; without: number }> {
  const recordMany: AuditWrite = (m, events) => audit.recordMany(m, events);
  const noop: AuditWrite = async () => undefined;
  const spent = { withAudit: 0, without: 0 };
  for (let i = 0; i < 5; i++) await ingestBatch(ds, batch, i % 2 ? noop : recordMany); // warm-up
  for (let done = 0; done < rows; done += batch) {
    for (const [key, write] of [['withAudit', recordMany], ['without', noop]] as const) {
      const t0 = process.hrtime.bigint();
      await ingestBatch(ds, batch, write);
      spent[key] += Number(process.hrtime.bigint() - t0) / 1e9;
    }
  }
  return { withAudit: rows / spent.withAudit, without: rows / spent.without };
}

/** `writers` loops of small transactions for `seconds`: one row and (maybe) one event each. */
async function smallWriters(ds: DataSource, audit: AuditService, writers: number, seconds: number, withAudit: boolean): Promise<number> {
  const deadline = Date.now() + seconds * 1000;
  let count = 0;
  await Promise.all(
    Array.from({ length: writers }, async (_, w) => {
      while (Date.now() < deadline) {
        await ds.transaction(async (m) => {
          const id = `report--${randomUUID()}`;
          await m.query(`INSERT INTO bench_objects (stix_id, type, modified, body) VALUES ($1, 'report', now(), '{}')`, [id]);
          if (withAudit) await audit.record(m, { action: 'incident.update', outcome: 'ok', actor: { clientId: `writer-${w}` }, targetIds: [id] });
        });
        count++;
      }
    }),
  );
  return count / seconds;
}

async function main(): Promise<void> {
  const rows = arg('rows', 100_000);
  const batch = arg('batch', 1000);
  const seconds = arg('seconds', 5);
  let serverUrl = process.env.DATABASE_URL;
  let scratch: string | undefined;
  let stopPg = async (): Promise<void> => undefined;
  if (!serverUrl) {
    scratch = mkdtempSync(path.join(tmpdir(), 'cx-bench-audit-'));
    chmodSync(scratch, 0o755);
    const pg = await startEmbeddedPostgres({ directory: path.join(scratch, 'postgres'), port: 0, durable: false });
    serverUrl = pg.url;
    stopPg = pg.stop;
  }
  const url = withDatabase(serverUrl, `cx_bench_audit_${process.pid}`);
  await createDatabaseIfMissing(serverUrl, `cx_bench_audit_${process.pid}`);
  await migrate(url);
  const owner = new Client({ connectionString: url });
  await owner.connect();
  await owner.query(`CREATE TABLE bench_objects (id bigserial PRIMARY KEY, stix_id text NOT NULL UNIQUE, type text NOT NULL, modified timestamptz NOT NULL, body jsonb NOT NULL)`);
  await owner.query(`CREATE INDEX ON bench_objects (type, modified)`);
  await owner.query(`GRANT SELECT, INSERT ON bench_objects TO cx_app; GRANT USAGE ON SEQUENCE bench_objects_id_seq TO cx_app`);
  const context = await NestFactory.createApplicationContext(BenchModule.forRoot(url), { logger: false });
  const ds = context.get(DataSource);
  const audit = context.get(AuditService);
  try {
    console.log(`audit benchmark: ${rows} rows in ${batch}-row transactions, Node ${process.version}${scratch ? ', embedded PostgreSQL (fsync off)' : ''}`);
    const r = await ingest(ds, audit, rows, batch);
    const overhead = (r.without / r.withAudit - 1) * 100;
    console.log(`ingest   with recordMany: ${r.withAudit.toFixed(0)} rows/s   audit no-op: ${r.without.toFixed(0)} rows/s   cost of auditing: ${overhead.toFixed(1)}%`);
    const concurrency: Record<string, { withAudit: number; without: number }> = {};
    for (const writers of [1, 4, 16, 32]) {
      const without = await smallWriters(ds, audit, writers, seconds, false);
      const withAudit = await smallWriters(ds, audit, writers, seconds, true);
      concurrency[writers] = { withAudit, without };
      console.log(`writers ${String(writers).padStart(2)}: small tx/s with audit ${withAudit.toFixed(0).padStart(6)}   without ${without.toFixed(0).padStart(6)}   (${((without / withAudit - 1) * 100).toFixed(1)}% cost)`);
    }
    const t0 = Date.now();
    const verified = await audit.verify();
    console.log(`verify: ${JSON.stringify({ ...verified, headHash: undefined })} in ${Date.now() - t0} ms`);
    console.log(JSON.stringify({ bench: 'audit', ingest: { ...r, overheadPercent: overhead }, concurrency, verifyMs: Date.now() - t0 }));
  } finally {
    await context.close();
    await owner.end();
    await stopPg();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  }
}

void main().catch((error) => {
  console.error(error);
  process.exit(1);
});
