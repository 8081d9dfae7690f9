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

/**
 * A real exchange for a benchmark: DATABASE_URL when set, else a throw-away embedded PostgreSQL.
 * Each run uses a database of its own, dropped at the end.
 */
export async function startBenchExchange(env: Record<string, string> = {}): Promise<BenchExchange> {
  let serverUrl = process.env.DATABASE_URL;
  let stopPg = async (): Promise<void> => undefined;
  let scratch: string | undefined;
  if (!serverUrl) {
    scratch = mkdtempSync(path.join(tmpdir(), 'cx-bench-'));
    chmodSync(scratch, 0o755);
    const pg = await startEmbeddedPostgres({ directory: path.join(scratch, 'postgres'), port: 0, durable: false });
    serverUrl = pg.url;
    stopPg = pg.stop;
  }
  const database = `cx_bench_${process.pid}`;
  await createDatabaseIfMissing(serverUrl, database);
  const databaseUrl = withDatabase(serverUrl, database);
  await migrate(databaseUrl);
  const config = loadConfig({ NODE_ENV: 'production', LOG_LEVEL: 'warn', DATABASE_POOL_SIZE: '20', ...env });
  const app = await createApp(config, databaseUrl, createLogger(config.logLevel));
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as { port: number };
  return {
    app,
    baseUrl: `http://127.0.0.1:${port}`,
    databaseUrl,
    async close() {
      await app.close();
      if (scratch) {
        await stopPg();
        rmSync(scratch, { recursive: true, force: true });
      }
    },
  };
}
