import type { INestApplicationContext } from '@nestjs/common';

export interface CliArgs {
  readonly positionals: readonly string[];
  readonly options: Readonly<Record<string, string | boolean | string[] | undefined>>;
}

/** One `npm run cli -- <name>` command. `run` returns the JSON object printed with --json. */
export interface CliCommand {
  readonly name: string;
  readonly usage: string;
  /** Options this command accepts (besides --json), for parseArgs. */
  readonly options?: Record<string, { type: 'string' | 'boolean'; multiple?: boolean }>;
  run(app: INestApplicationContext, args: CliArgs): Promise<Record<string, unknown>>;
  /** Human-readable rendering; defaults to indented JSON. */
  describe?(result: Record<string, unknown>): string;
  /** Exit code for a result that ran but reports a problem (e.g. a broken audit chain). */
  exitCode?(result: Record<string, unknown>): number;
  /** Writes its own output to stdout (e.g. JSON lines); its result goes to stderr. */
  readonly streams?: boolean;
}

export class CliUsageError extends Error {}

export function requireOption(args: CliArgs, name: string): string {
  const value = args.options[name];
  if (typeof value !== 'string' || !value) throw new CliUsageError(`--${name} is required`);
  return value;
}

export function requirePositional(args: CliArgs, index: number, what: string): string {
  const value = args.positionals[index];
  if (!value) throw new CliUsageError(`${what} is required`);
  return value;
}
