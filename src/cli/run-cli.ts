import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { NestFactory } from '@nestjs/core';
import pino from 'pino';
import { AppError } from '../common/errors/app-error';
import { StartupError } from '../common/errors/startup-error';
import { runInContext } from '../common/request-context';
import { ConfigError, loadConfig } from '../config/app-config';
import { CoreModule } from '../core.module';
import { firstLine, migrate, openDatabase } from '../database/database-runtime';
import { PinoNestLogger } from '../logging/logger';
import { HomeBootstrapService } from '../partners/home-bootstrap.service';
import { CliUsageError, type CliCommand } from './cli-command';

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

function usage(commands: readonly CliCommand[]): string {
  return ['usage: npm run cli -- <command> [--json]', '', ...commands.map((c) => `  ${c.usage}`)].join('\n');
}

/**
 * Runs one command in a Nest application context (no HTTP) with the server's configuration and database,
 * the embedded one included (attached to if a server is running). With --json, stdout is exactly one JSON
 * object; errors go to stderr. Returns the exit code.
 */
export async function runCli(argv: readonly string[], commands: readonly CliCommand[], io: CliIo, env = process.env): Promise<number> {
  const [name, ...rest] = argv;
  const command = commands.find((c) => c.name === name);
  if (!command) {
    io.err(name && name !== 'help' ? `unknown command: ${name}\n\n${usage(commands)}` : usage(commands));
    return name && name !== 'help' ? 2 : 0;
  }
  let parsed;
  try {
    parsed = parseArgs({ args: [...rest], allowPositionals: true, options: { json: { type: 'boolean' }, ...(command.options ?? {}) } });
  } catch (error) {
    io.err(`${(error as Error).message}\nusage: npm run cli -- ${command.usage}`);
    return 2;
  }
  const json = parsed.values.json === true;
  let config;
  try {
    // A command does its own work and exits: it never takes background jobs (a server does).
    const loaded = loadConfig(env);
    config = Object.freeze({ ...loaded, jobs: Object.freeze({ ...loaded.jobs, enabled: false }) });
  } catch (error) {
    if (error instanceof ConfigError) {
      io.err(`invalid configuration: ${error.message}`);
      return 1;
    }
    throw error;
  }
  // Logs go to stderr so that stdout carries only the command's answer.
  const logger = pino({ level: config.logLevel === 'info' ? 'warn' : config.logLevel }, pino.destination(2));
  let database;
  try {
    database = await openDatabase(config, (line) => logger.debug(line), true);
    await migrate(database.url);
  } catch (error) {
    io.err(error instanceof StartupError ? error.message : firstLine(error));
    await database?.stop().catch(() => undefined);
    return 1;
  }
  const app = await NestFactory.createApplicationContext(CoreModule.forRoot({ config, databaseUrl: database.url, logger }), { logger: new PinoNestLogger(logger) });
  try {
    return await runInContext({ requestId: randomUUID(), channel: 'cli' }, async () => {
      const boot = await app.get(HomeBootstrapService).ensureHome();
      if (boot.created) io.err(`created the HOME partner and an ADMIN client: client_id ${boot.clientId} client_secret ${boot.clientSecret}${boot.file ? ` (also in ${boot.file})` : ''}`);
      const result = await command.run(app, { positionals: parsed.positionals, options: parsed.values as Record<string, string | boolean | string[]> });
      const text = json ? JSON.stringify(result) : command.describe ? command.describe(result) : JSON.stringify(result, null, 2);
      if (command.streams) io.err(text);
      else io.out(text);
      return command.exitCode?.(result) ?? 0;
    });
  } catch (error) {
    if (error instanceof CliUsageError) io.err(`${error.message}\nusage: npm run cli -- ${command.usage}`);
    else if (error instanceof AppError) io.err(`${error.code}: ${error.message}`);
    else {
      logger.error({ err: error }, 'command failed');
      io.err(`command failed: ${firstLine(error)}`);
    }
    return 1;
  } finally {
    await app.close();
    await database.stop();
  }
}
