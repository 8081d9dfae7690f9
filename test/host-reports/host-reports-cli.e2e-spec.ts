import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { CLI_COMMANDS } from '../../src/cli/commands';
import { runCli } from '../../src/cli/run-cli';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { daysAgo } from './host-reports-fixtures';

async function cli(db: TestDatabase, ...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, CLI_COMMANDS, { out: (s) => out.push(s), err: (s) => err.push(s) }, { DATABASE_URL: db.url, LOG_LEVEL: 'silent' });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('npm run cli: networks and host report imports', () => {
  let db: TestDatabase;
  let dir: string;
  beforeAll(async () => {
    db = await createTestDatabase();
    dir = mkdtempSync(path.join(tmpdir(), 'cx-hr-cli-'));
    expect((await cli(db, 'partner:create', '--name', 'Harbour Broadband', '--short', 'HARBOURNET', '--kind', 'ISP', '--trust', 'COMMUNITY')).code).toBe(0);
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await db.drop();
  });

  it('imports a network list, refusing the whole list for one bad prefix', async () => {
    const bad = path.join(dir, 'bad.txt');
    writeFileSync(bad, '203.0.113.0/24\n10.0.0.1/8\n');
    expect(await cli(db, 'networks:import', 'HARBOURNET', bad, '--json')).toEqual({
      code: 1,
      out: '',
      err: 'BAD_USER_INPUT: networks not registered: line 2: 10.0.0.1/8 is not a network address (host bits are set): did you mean 10.0.0.0/8?',
    });
    const good = path.join(dir, 'good.txt');
    writeFileSync(good, '# Harbour Broadband\r\n203.0.113.0/24\r\n2001:db8:100::/40\r\nAS64511\r\n');
    const done = await cli(db, 'networks:import', 'HARBOURNET', good, '--json');
    expect(JSON.parse(done.out)).toEqual({ partner: 'HARBOURNET', added: 3, alreadyRegistered: 0, rerouted: 0 });
    const list = JSON.parse((await cli(db, 'networks:list', 'HARBOURNET', '--json')).out);
    expect(list.networks.map((n: { network: string }) => n.network)).toEqual(['203.0.113.0/24', '2001:db8:100::/40', 'AS64511']);
  });

  it('defines a feed and streams a file into it, printing one JSON object with the counts', async () => {
    const mapping = JSON.stringify({ columns: { timestamp: 'ts', ip: 'ip', threat: 'malware' } });
    expect((await cli(db, 'feeds:save', '--name', 'partner-cert', '--format', 'csv', '--mapping', mapping, '--partial', '--json')).code).toBe(0);
    const file = path.join(dir, 'feed.csv');
    const rows = Array.from({ length: 12_000 }, (_, i) => `${daysAgo(1, i % 24)},203.0.113.${i % 250},${i % 3 ? 'mirai' : 'gozi'}`);
    writeFileSync(file, ['ts,ip,malware', ...rows, 'not,a,row', `${daysAgo(1, 1)},198.18.0.1,mirai`].join('\n'));
    const result = await cli(db, 'host-reports:import', 'partner-cert', file, '--json');
    expect(result.code).toBe(0);
    const imported = JSON.parse(result.out).import;
    // Each address is seen with both threats (250 ≡ 1 mod 3), so 500 reports plus the unrouted one: the rest are duplicates.
    expect(imported).toMatchObject({ feed: 'partner-cert', status: 'PARTIAL', rowsRead: 12_002, accepted: 12_001, duplicates: 12_001 - 501, rejected: 1, unrouted: 1 });
    expect(imported.problems).toEqual([{ line: 12_002, message: 'ip: "a" is not an IPv4 or IPv6 address' }]);
    expect((await cli(db, 'host-reports:import', 'no-such-feed', file)).err).toBe('NOT_FOUND: host report feed no-such-feed not found');
  });
});
