import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadConfig } from '../../src/config/app-config';
import { createDatabaseIfMissing, migrate } from '../../src/database/database-runtime';
import { withDatabase } from '../../src/database/database-url';
import { startEmbeddedPostgres } from '../../src/database/embedded-postgres';
import { createApp } from '../../src/http/create-app';
import { createLogger } from '../../src/logging/logger';

export interface BenchExchange {
  readonly app: NestFastifyApplication;
  readonly baseUrl: string;
  readonly databaseUrl: string;
  close(): Promise<void>;
}

/** The PostgreSQL server a benchmark runs on: DATABASE_URL when set, else a throw-away embedded one. */
export async function startBenchPostgres(): Promise<{ serverUrl: string; stop(): Promise<void> }> {
  if (process.env.DATABASE_URL) return { serverUrl: process.env.DATABASE_URL, stop: async () => undefined };
  const scratch = mkdtempSync(path.join(tmpdir(), 'cx-bench-'));
  chmodSync(scratch, 0o755);
  const pg = await startEmbeddedPostgres({ directory: path.join(scratch, 'postgres'), port: 0, durable: false });
  return {
    serverUrl: pg.url,
    async stop() {
      await pg.stop();
      rmSync(scratch, { recursive: true, force: true });
    },
  };
}

/** An exchange listening on a free local port, on `database` of `serverUrl` (created and migrated). */
export async function startExchangeOn(serverUrl: string, database: string, env: Record<string, string> = {}): Promise<Omit<BenchExchange, 'close'>> {
  await createDatabaseIfMissing(serverUrl, database);
  const databaseUrl = withDatabase(serverUrl, database);
  await migrate(databaseUrl);
  const config = loadConfig({ NODE_ENV: 'production', LOG_LEVEL: 'warn', DATABASE_POOL_SIZE: '20', ...env });
  const app = await createApp(config, databaseUrl, createLogger(config.logLevel));
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as { port: number };
  return { app, baseUrl: `http://127.0.0.1:${port}`, databaseUrl };
}

/**
 * A real exchange for a benchmark: DATABASE_URL when set, else a throw-away embedded PostgreSQL.
 * Each run uses a database of its own.
 */
export async function startBenchExchange(env: Record<string, string> = {}): Promise<BenchExchange> {
  if (!process.execArgv.some((a) => a.startsWith('--max-semi-space-size'))) {
    // npm start runs the exchange with a larger young generation; without it GC costs an ingest ~10% more CPU.
    console.warn('note: npm start runs the exchange with --max-semi-space-size=64; run benchmarks through npm run bench:<name> for comparable figures');
  }
  const pg = await startBenchPostgres();
  const exchange = await startExchangeOn(pg.serverUrl, `cx_bench_${process.pid}`, env);
  return {
    ...exchange,
    async close() {
      await exchange.app.close();
      await pg.stop();
    },
  };
}
