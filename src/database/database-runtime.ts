import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../config/app-config';
import { StartupError } from '../common/errors/startup-error';
import { describeDatabase, withDatabase } from './database-url';
import { migrationDataSourceOptions } from './data-source-options';
import { startEmbeddedPostgres } from './embedded-postgres';
import { runsProgram } from './process-check';

export const EMBEDDED_DATABASE = 'cert_exchange';

export interface DatabaseRuntime {
  readonly url: string;
  readonly embedded: boolean;
  stop(): Promise<void>;
}

/**
 * Uses DATABASE_URL, or starts the embedded PostgreSQL in $DATA_DIR/postgres (reused across starts).
 * `attach` (the CLI) connects to the cluster a running exchange holds instead of starting its own.
 */
export async function openDatabase(config: AppConfig, log: (line: string) => void, attach = false): Promise<DatabaseRuntime> {
  if (config.databaseUrl) {
    await checkConnection(config.databaseUrl, 'DATABASE_URL');
    return { url: config.databaseUrl, embedded: false, stop: async () => undefined };
  }
  await assertWritable(config.dataDir);
  const release = attach ? async () => undefined : await claimDataDir(config.dataDir);
  const directory = path.join(config.dataDir, 'postgres');
  let handle;
  try {
    handle = await startEmbeddedPostgres({ directory, port: config.embeddedPostgresPort, sharedBuffers: config.embeddedPostgresSharedBuffers, durable: true, onLog: log, attach });
  } catch (error) {
    await release();
    throw new StartupError(`embedded PostgreSQL failed to start in ${directory}: ${firstLine(error)}`);
  }
  await createDatabaseIfMissing(handle.url, EMBEDDED_DATABASE);
  const stop = handle.stop;
  return { url: withDatabase(handle.url, EMBEDDED_DATABASE), embedded: true, stop: () => stop().finally(release) };
}

/** Applies pending migrations as the owner role; returns the names applied now. */
export async function migrate(url: string): Promise<string[]> {
  const ds = new DataSource(migrationDataSourceOptions(url));
  try {
    await ds.initialize();
    const applied = await ds.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } catch (error) {
    throw new StartupError(`database migration failed on ${describeDatabase(url)}: ${firstLine(error)}`);
  } finally {
    if (ds.isInitialized) await ds.destroy();
  }
}

export async function createDatabaseIfMissing(serverUrl: string, database: string): Promise<void> {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }
}

async function checkConnection(url: string, variable: string): Promise<void> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (error) {
    throw new StartupError(`cannot connect to the database at ${describeDatabase(url)} (${variable}): ${firstLine(error)}`);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** One exchange server per data directory: a second one would stop the first one's database. */
async function claimDataDir(dir: string): Promise<() => Promise<void>> {
  const file = path.join(dir, 'exchange.pid');
  const holder = Number((await fs.readFile(file, 'utf8').catch(() => '')).trim());
  if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && runsProgram(holder, 'node') === true) {
    throw new StartupError(`another exchange (pid ${holder}) is already running on data directory ${dir} (DATA_DIR)`);
  }
  await fs.writeFile(file, `${process.pid}\n`);
  return () => fs.rm(file, { force: true });
}

async function assertWritable(dir: string): Promise<void> {
  const probe = path.join(dir, `.write-test-${process.pid}`);
  try {
    await fs.mkdir(dir, { recursive: true });
    await fs.writeFile(probe, '');
    await fs.rm(probe);
  } catch (error) {
    throw new StartupError(`data directory ${dir} (DATA_DIR) is not writable: ${firstLine(error)}`);
  }
}

/** First line only, so no stack trace or multi-line driver dump reaches the operator's terminal. */
export function firstLine(error: unknown): string {
  const e = error as { code?: string; message?: string };
  const message = (e?.message ?? String(error)).split('\n')[0];
  return e?.code && !message.includes(e.code) ? `${message} (${e.code})` : message;
}
