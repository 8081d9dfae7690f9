import 'reflect-metadata';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ConfigError, loadConfig, type AppConfig } from './config/app-config';
import { StartupError } from './common/errors/startup-error';
import { firstLine, migrate, openDatabase, type DatabaseRuntime } from './database/database-runtime';
import { createApp } from './http/create-app';
import { listen } from './http/listen';
import { createLogger } from './logging/logger';
import { HomeBootstrapService, type BootstrapResult } from './partners/home-bootstrap.service';

/** Prints one line an operator can act on, never a stack dump, and exits non-zero. */
function die(message: string): never {
  process.stderr.write(`cert-exchange: ${message}\n`);
  process.exit(1);
}

/** The first start on a new database prints the HOME admin's credentials, this once. */
async function announceBootstrap(result: BootstrapResult): Promise<void> {
  if (!result.created) return;
  process.stdout.write(
    [
      '',
      'CERT Exchange: created the HOME partner and an ADMIN client. The secret is shown once:',
      `  client_id:     ${result.clientId}`,
      `  client_secret: ${result.clientSecret}`,
      result.file ? `  (also written to ${result.file}, mode 0600: move it somewhere safe)` : '',
      '',
    ].join('\n') + '\n',
  );
}

async function main(): Promise<void> {
  let config: AppConfig;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) die(`invalid configuration: ${error.message}`);
    throw error;
  }
  const logger = createLogger(config.logLevel);
  let database: DatabaseRuntime | undefined;
  let app: NestFastifyApplication | undefined;
  let stopping = false;

  const shutdown = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: finishing requests in flight');
    const deadline = setTimeout(() => {
      logger.warn('shutdown grace period over; closing anyway');
      void database?.stop().finally(() => process.exit(1));
    }, config.shutdownGraceMs);
    deadline.unref();
    try {
      await app?.close();
      await database?.stop();
      logger.info('stopped');
      process.exit(0);
    } catch (error) {
      logger.error({ err: error }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  try {
    database = await openDatabase(config, (line) => logger.debug({ component: 'postgres' }, line));
    const applied = await migrate(database.url);
    if (applied.length) logger.info({ migrations: applied }, 'migrations applied');
    app = await createApp(config, database.url, logger);
    await announceBootstrap(await app.get(HomeBootstrapService).ensureHome());
    await listen(app, config.port, config.host);
    logger.info({ url: `http://${config.host}:${config.port}`, embeddedDatabase: database.embedded }, 'CERT Exchange is serving /graphql, /health and /metrics');
  } catch (error) {
    await app?.close().catch(() => undefined);
    await database?.stop().catch(() => undefined);
    if (error instanceof StartupError) die(error.message);
    logger.error({ err: error }, 'start-up failed');
    die(`start-up failed: ${firstLine(error)}`);
  }
}

void main();
