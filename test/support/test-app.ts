import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadConfig, type AppConfig } from '../../src/config/app-config';
import { createApp } from '../../src/http/create-app';
import { createLogger } from '../../src/logging/logger';
import { createTestDatabase, type TestDatabase } from './test-database';

export interface TestApp {
  readonly app: NestFastifyApplication;
  readonly config: AppConfig;
  readonly db: TestDatabase;
  /** http://127.0.0.1:<port> of the listening server. */
  readonly baseUrl: string;
  close(): Promise<void>;
}

/** A real exchange on a real HTTP port over its own real database. */
export async function startTestApp(env: Record<string, string> = {}, options: { beforeStart?: (db: TestDatabase) => Promise<unknown> } = {}): Promise<TestApp> {
  const db = await createTestDatabase();
  // e.g. database settings that only new connections pick up, before the app's pool opens any.
  await options.beforeStart?.(db);
  // Each app its own data directory: anchor files and bootstrap credentials never mix between tests.
  const dataDir = mkdtempSync(path.join(tmpdir(), 'cx-app-'));
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent', DATA_DIR: dataDir, ...env });
  const app = await createApp(config, db.url, createLogger(config.logLevel));
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  return {
    app,
    config,
    db,
    baseUrl: `http://127.0.0.1:${address.port}`,
    async close() {
      await app.close();
      await db.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
