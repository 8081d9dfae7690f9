import { runCli } from '../../src/cli/run-cli';
import { CLI_COMMANDS } from '../../src/cli/commands';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

async function cli(db: TestDatabase, ...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, CLI_COMMANDS, { out: (t) => out.push(t), err: (t) => err.push(t) }, { DATABASE_URL: db.url, LOG_LEVEL: 'silent' });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('npm run cli', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.drop());

  it('bootstraps HOME on a new database, then creates partners and clients, printing exactly one JSON object with --json', async () => {
    const created = await cli(db, 'partner:create', '--name', 'Japan CERT', '--short', 'JPCERT/CC', '--kind', 'CERT', '--trust', 'TRUSTED', '--group', 'APCERT', '--group', 'FIRST', '--country', 'JP', '--json');
    expect(created.code).toBe(0);
    expect(created.err).toMatch(/^created the HOME partner and an ADMIN client: client_id cxc_/);
    expect(JSON.parse(created.out)).toMatchObject({ partner: { shortName: 'JPCERT/CC', kind: 'CERT', trust: 'TRUSTED', groups: ['APCERT', 'FIRST'], country: 'JP' } });

    const client = await cli(db, 'client:create', '--partner', 'JPCERT/CC', '--roles', 'analyst,SYNC', '--json');
    expect(client.code).toBe(0);
    const credentials = JSON.parse(client.out);
    expect(Object.keys(credentials).sort()).toEqual(['client_id', 'client_secret']);
    expect(credentials.client_secret).toMatch(/^cxs_/);

    const token = await cli(db, 'token', credentials.client_id, '--json');
    expect(JSON.parse(token.out)).toMatchObject({ token_type: 'Bearer', access_token: expect.any(String) });

    const rotated = await cli(db, 'client:rotate', credentials.client_id, '--json');
    expect(JSON.parse(rotated.out)).toMatchObject({ client_id: credentials.client_id, client_secret: expect.stringMatching(/^cxs_/), previous_secret_valid_until: expect.any(String) });

    expect(JSON.parse((await cli(db, 'partner:set-trust', 'jpcert/cc', 'CLOSE', '--json')).out)).toMatchObject({ partner: { trust: 'CLOSE' } });
    expect(JSON.parse((await cli(db, 'partner:suspend', 'JPCERT/CC', '--json')).out)).toMatchObject({ partner: { status: 'SUSPENDED' } });
    const list = JSON.parse((await cli(db, 'partner:list', '--json')).out);
    expect(list.partners.map((p: { shortName: string }) => p.shortName)).toEqual(['JPCERT/CC', 'HOME']);
  });

  it('reports errors on stderr with a non-zero exit and nothing on stdout', async () => {
    const bad = await cli(db, 'partner:set-trust', 'NOPE', 'CLOSE', '--json');
    expect(bad).toEqual({ code: 1, out: '', err: 'NOT_FOUND: partner NOPE not found' });
    const invalid = await cli(db, 'partner:create', '--name', 'X', '--short', 'X', '--kind', 'PIRATE', '--trust', 'CLOSE');
    expect(invalid.code).toBe(1);
    expect(invalid.err).toContain('kind: must be one of HOME, CERT, LAW_ENFORCEMENT, GOVERNMENT, ISP, REGISTRY, OTHER');
    const missing = await cli(db, 'partner:create', '--name', 'X');
    expect(missing).toMatchObject({ code: 1, out: '' });
    expect(missing.err).toMatch(/^--short is required/);
    expect((await cli(db, 'no:such')).code).toBe(2);
  });

  it('seeds the demo partners once: HOME becomes HKCERT, each partner gets a client', async () => {
    const fresh = await createTestDatabase();
    try {
      const first = await cli(fresh, 'seed:demo', '--json');
      expect(first.code).toBe(0);
      const created = JSON.parse(first.out).created;
      expect(Object.keys(created)).toEqual(['HKCERT', 'CNCERT/CC', 'JPCERT/CC', 'KrCERT/CC', 'HKPF-CSTCB', 'OGCIO', 'HARBOURNET', 'KLNTEL', 'HKIRC']);
      const second = await cli(fresh, 'seed:demo', '--json');
      expect(JSON.parse(second.out)).toEqual({ created: {} });
      const partners = JSON.parse((await cli(fresh, 'partner:list', '--json')).out).partners as { shortName: string; kind: string }[];
      expect(partners.filter((p) => p.kind === 'HOME').map((p) => p.shortName)).toEqual(['HKCERT']);
      expect(partners).toHaveLength(9);
    } finally {
      await fresh.drop();
    }
  });
});
