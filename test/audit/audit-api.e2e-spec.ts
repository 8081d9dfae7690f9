import { Client } from 'pg';
import { CLI_COMMANDS } from '../../src/cli/commands';
import { runCli } from '../../src/cli/run-cli';
import { gql } from '../support/graphql-client';
import { aPartner, tokenFor, type TestClient } from '../support/partners';
import { startTestApp, type TestApp } from '../support/test-app';

const EVENTS = `query($filter: AuditEventFilter, $first: Int) { auditEvents(filter: $filter, first: $first) { edges { node { sequence action outcome actorClientId targetIds details } } pageInfo { hasNextPage } } }`;

describe('audit trail through GraphQL and the CLI', () => {
  let t: TestApp;
  let admin: string;
  let analyst: TestClient;
  let analystToken: string;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await tokenFor(t.baseUrl, await aPartner(t.app, { kind: 'HOME', roles: ['ADMIN'] }));
    analyst = await aPartner(t.app, { trust: 'CLOSE' });
    analystToken = await tokenFor(t.baseUrl, analyst);
  });
  afterAll(() => t.close());

  it('lets an ADMIN search events by action and actor', async () => {
    const r = await gql<{ auditEvents: { edges: { node: Record<string, unknown> }[] } }>(t.baseUrl, EVENTS, { filter: { action: 'auth.token', actor: analyst.clientId } }, admin);
    expect(r.errors).toBeUndefined();
    expect(r.data!.auditEvents.edges).toHaveLength(1);
    expect(r.data!.auditEvents.edges[0]!.node).toMatchObject({ action: 'auth.token', outcome: 'ok', actorClientId: analyst.clientId, targetIds: [analyst.clientId] });
  });

  it.each([
    [{ filter: { from: '2026-02-01T00:00:00Z', to: '2026-01-01T00:00:00Z' } }, /from/],
    [{ filter: { action: 'stix.teleport' } }, /stix\.teleport/],
    [{ first: 100000 }, /first must be between 1 and 500/],
  ])('answers BAD_USER_INPUT for %j', async (variables, message) => {
    const r = await gql(t.baseUrl, EVENTS, variables, admin);
    expect(r.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(r.errors?.[0]?.message).toMatch(message);
  });

  it('refuses a non-admin with FORBIDDEN and records the refusal', async () => {
    const r = await gql(t.baseUrl, EVENTS, {}, analystToken);
    expect(r.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const denials = await gql<{ auditEvents: { edges: { node: { details: { operation: string } } }[] } }>(t.baseUrl, EVENTS, { filter: { action: 'access.denied', actor: analyst.clientId } }, admin);
    expect(denials.data!.auditEvents.edges[0]!.node.details.operation).toBe('auditEvents');
  });

  it('verifies the chain, then finds the exact sequence an attacker with database access edited', async () => {
    const ok = await gql<{ auditVerify: Record<string, unknown> }>(t.baseUrl, '{ auditVerify { ok count headSequence headHash brokenAt } }', undefined, admin);
    expect(ok.data!.auditVerify).toMatchObject({ ok: true, brokenAt: null, headHash: expect.stringMatching(/^[0-9a-f]{64}$/) });

    const owner = new Client({ connectionString: t.db.url });
    await owner.connect();
    try {
      const [{ sequence }] = (await owner.query(`SELECT sequence FROM audit_events WHERE action = 'auth.token' ORDER BY sequence LIMIT 1`)).rows;
      await owner.query('ALTER TABLE audit_events DISABLE TRIGGER USER');
      await owner.query(`UPDATE audit_events SET outcome = 'denied' WHERE sequence = $1`, [sequence]);
      await owner.query('ALTER TABLE audit_events ENABLE TRIGGER USER');

      const out: string[] = [];
      const code = await runCli(['audit:verify', '--json'], CLI_COMMANDS, { out: (s) => out.push(s), err: () => undefined }, { DATABASE_URL: t.db.url, LOG_LEVEL: 'silent', DATA_DIR: t.config.dataDir, AUDIT_ANCHOR_INTERVAL_MS: '0' });
      expect(code).toBe(3);
      expect(JSON.parse(out[0]!)).toMatchObject({ ok: false, brokenAt: Number(sequence), reason: 'hash mismatch' });
      const broken = await gql<{ auditVerify: Record<string, unknown> }>(t.baseUrl, '{ auditVerify { ok brokenAt reason } }', undefined, admin);
      expect(broken.errors).toBeUndefined();
      expect(broken.data!.auditVerify).toEqual({ ok: false, brokenAt: Number(sequence), reason: 'hash mismatch' });
    } finally {
      await owner.end();
    }
  });
});
