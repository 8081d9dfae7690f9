import { randomUUID } from 'node:crypto';
import { CLI_COMMANDS } from '../../src/cli/commands';
import { DEMO_PARTNERS } from '../../src/cli/commands/seed-demo.command';
import { runCli } from '../../src/cli/run-cli';
import { PartnersService } from '../../src/partners/partners.service';
import { gql } from '../support/graphql-client';
import { tokenFor } from '../support/partners';
import { startTestApp, type TestApp } from '../support/test-app';
import { bundle, indicator, marked, submit } from '../stix/stix-fixtures';

type Level = 'CLEAR' | 'GREEN' | 'AMBER' | 'AMBER+STRICT' | 'RED';
type Demo = (typeof DEMO_PARTNERS)[number];

interface Case {
  readonly id: string;
  readonly submitter: string;
  readonly tlp: Level | null;
  readonly audience: { partners: string[]; groups: string[] } | null;
}

/**
 * The table, written out again here on purpose (not imported from the policy), so the exchange is
 * checked against the rule as a partner reads it.
 */
function expectedVisible(viewer: Demo, c: Case): boolean {
  if (viewer.kind === 'HOME' || viewer.shortName === c.submitter) return true;
  if (c.audience) return c.audience.partners.includes(viewer.shortName) || c.audience.groups.some((g) => viewer.groups.includes(g));
  const rank = ['PUBLIC', 'COMMUNITY', 'TRUSTED', 'CLOSE'].indexOf(viewer.trust);
  switch (c.tlp ?? 'AMBER') {
    case 'CLEAR':
      return true;
    case 'GREEN':
      return rank >= 1;
    case 'AMBER':
      return rank >= 2;
    default:
      return false; // AMBER+STRICT and RED: nobody beyond the audience
  }
}

describe('each demo partner sees exactly what the sharing table says, through GraphQL', () => {
  let t: TestApp;
  const label = `demo-${randomUUID()}`;
  const tokens = new Map<string, string>();
  const cases: Case[] = [];

  beforeAll(async () => {
    t = await startTestApp({ ACTOR_CACHE_MS: '0' });
    const out: string[] = [];
    const code = await runCli(['seed:demo', '--json'], CLI_COMMANDS, { out: (s) => out.push(s), err: () => undefined }, { DATABASE_URL: t.db.url, LOG_LEVEL: 'silent', DATA_DIR: t.config.dataDir });
    expect(code).toBe(0);
    const created = JSON.parse(out[0]!).created as Record<string, { client_id: string; client_secret: string }>;
    for (const [shortName, c] of Object.entries(created)) tokens.set(shortName, await tokenFor(t.baseUrl, { clientId: c.client_id, clientSecret: c.client_secret }));
    // Submitted by three demo partners whose clients are analysts: HOME, a peer CERT and government.
    const audiences: (Case['audience'])[] = [null, { partners: ['HKPF-CSTCB'], groups: [] }, { partners: [], groups: ['HK-ISP'] }, { partners: [], groups: [] }];
    const levels: (Level | null)[] = ['CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED', null];
    let n = 0;
    for (const submitter of ['HKCERT', 'JPCERT/CC', 'OGCIO']) {
      for (const audience of audiences) {
        for (const tlp of levels) {
          const ip = `198.18.${Math.floor(n / 250)}.${(n % 250) + 1}`;
          n++;
          const base = indicator({ labels: [label] }, ip);
          const obj = tlp ? marked(tlp, base) : base;
          const r = await submit(t.baseUrl, tokens.get(submitter)!, { bundle: bundle(obj), ...(audience ? { audience } : {}) });
          expect(r.errors).toBeUndefined();
          expect(r.data!.submitBundle.created).toBe(1);
          cases.push({ id: obj.id as string, submitter, tlp, audience });
        }
      }
    }
  });
  afterAll(() => t.close());

  async function visibleIds(token: string): Promise<string[]> {
    const ids: string[] = [];
    let after: string | null = null;
    do {
      const r: Awaited<ReturnType<typeof gql<{ stixObjects: { edges: { node: { id: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } }>>> = await gql(
        t.baseUrl,
        `query($l: [String!], $a: String) { stixObjects(filter: {labels: $l}, first: 25, after: $a) { edges { node { id } } pageInfo { hasNextPage endCursor } } }`,
        { l: [label], a: after },
        token,
      );
      if (!r.data) throw new Error(JSON.stringify(r.errors));
      ids.push(...r.data.stixObjects.edges.map((e) => e.node.id));
      after = r.data.stixObjects.pageInfo.hasNextPage ? r.data.stixObjects.pageInfo.endCursor : null;
    } while (after);
    return ids.sort();
  }

  it.each(DEMO_PARTNERS.map((d) => [d.shortName, d] as const))('%s', async (_name, demo) => {
    const expected = cases.filter((c) => expectedVisible(demo, c)).map((c) => c.id).sort();
    expect(await visibleIds(tokens.get(demo.shortName)!)).toEqual(expected);
    // One object by id agrees with the list: visible ones are found, the rest are "not found", never "forbidden".
    for (const c of cases.slice(0, 24)) {
      const r = await gql(t.baseUrl, `query($id: String!) { stixObject(id: $id) { id } }`, { id: c.id }, tokens.get(demo.shortName)!);
      if (expectedVisible(demo, c)) expect(r.data).toEqual({ stixObject: { id: c.id } });
      else expect(r.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    }
  });

  it('a suspended partner sees nothing at all', async () => {
    await t.app.get(PartnersService).suspend('KLNTEL', null);
    const r = await gql(t.baseUrl, `{ stixObjects(first: 5) { edges { node { id } } } }`, undefined, tokens.get('KLNTEL')!);
    expect(r.data ?? null).toBeNull();
    expect(r.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
