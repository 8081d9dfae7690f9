import 'reflect-metadata';
import { runCli } from '../../src/cli/run-cli';
import { CLI_COMMANDS } from '../../src/cli/commands';

// `sync:run <peer>` in a process of its own, for a test to kill mid-run (env: DATABASE_URL, SYNC_SECRET_KEY).
void runCli(['sync:run', process.argv[2]!, '--json'], CLI_COMMANDS, { out: (t) => process.stdout.write(`${t}\n`), err: (t) => process.stderr.write(`${t}\n`) }).then((code) => process.exit(code));
