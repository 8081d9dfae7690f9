import 'reflect-metadata';
import { CLI_COMMANDS } from './commands';
import { runCli } from './run-cli';

void runCli(process.argv.slice(2), CLI_COMMANDS, {
  out: (text) => process.stdout.write(text + '\n'),
  err: (text) => process.stderr.write(text + '\n'),
}).then((code) => process.exit(code));
