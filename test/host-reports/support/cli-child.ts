import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';

const SRC = path.resolve(__dirname, '../../../src');

/**
 * The child's program: TypeScript compiled on require by swc (as jest does), then the real CLI. A child
 * process is what a test needs to kill an import like a crashed server (SIGKILL, no clean-up of any kind).
 */
const PROGRAM = `
const { readFileSync } = require('node:fs');
const { transformSync } = require('@swc/core');
require.extensions['.ts'] = (module, filename) => {
  const { code } = transformSync(readFileSync(filename, 'utf8'), {
    filename,
    jsc: { parser: { syntax: 'typescript', decorators: true }, transform: { legacyDecorator: true, decoratorMetadata: true }, target: 'es2022', keepClassNames: true },
    module: { type: 'commonjs' },
  });
  module._compile(code, filename);
};
const { runCli } = require(${JSON.stringify(path.join(SRC, 'cli/run-cli.ts'))});
const { CLI_COMMANDS } = require(${JSON.stringify(path.join(SRC, 'cli/commands/index.ts'))});
const io = { out: (s) => process.stdout.write(s + '\\n'), err: (s) => process.stderr.write(s + '\\n') };
runCli(process.argv.slice(1), CLI_COMMANDS, io, process.env).then((code) => process.exit(code), (e) => { process.stderr.write(String(e && e.stack) + '\\n'); process.exit(1); });
`;

/** `npm run cli -- ...args` from the sources, in a child process, with `env` added to this one's. */
export function spawnCli(args: readonly string[], env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ['-e', PROGRAM, ...args], { cwd: path.resolve(SRC, '..'), env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
}
