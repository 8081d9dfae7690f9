import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { migrate } from '../../src/database/database-runtime';
import { withDatabase } from '../../src/database/database-url';
import { startEmbeddedPostgres } from '../../src/database/embedded-postgres';

declare global {
  var __CX_TEST_PG__: { stop(): Promise<void> } | undefined;
}

/**
 * One PostgreSQL for the whole run: DATABASE_URL when set (CI's service), else a real embedded one.
 * Migrations run once into a template database; every test file clones it (CREATE DATABASE … TEMPLATE),
 * so files are isolated from each other and never wait for migrations.
 */
export default async function globalSetup(): Promise<void> {
  let serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const parent = mkdtempSync(path.join(tmpdir(), 'cx-test-'));
    chmodSync(parent, 0o755); // as root, the cluster runs as the postgres user, who must reach it
    const directory = path.join(parent, 'postgres');
    const pg = await startEmbeddedPostgres({ directory, port: 0, durable: false });
    globalThis.__CX_TEST_PG__ = pg;
    serverUrl = pg.url;
  }
  const template = `cx_template_${process.pid}`;
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${template}`);
    await admin.query(`CREATE DATABASE ${template}`);
  } finally {
    await admin.end();
  }
  await migrate(withDatabase(serverUrl, template));
  process.env.CX_TEST_SERVER_URL = serverUrl;
  process.env.CX_TEST_TEMPLATE = template;
}
