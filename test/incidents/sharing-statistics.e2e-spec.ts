import { PartnersService } from '../../src/partners/partners.service';
import { bundle, indicator, marked, submitOk } from '../stix/stix-fixtures';
import { gql } from '../support/graphql-client';
import { aPartner, tokenFor } from '../support/partners';
import { startTestApp, type TestApp } from '../support/test-app';
import { asOwner } from '../support/test-database';

type Month = { month: string; shared: number; received: number; receivedByChannel: { channel: string; count: number }[] };
type Row = { partner: string; months: Month[] };
const QUERY = `query($from: String!, $to: String!) { sharingStatistics(from: $from, to: $to) { partner months { month shared received receivedByChannel { channel count } } } }`;

/**
 * Objects go in through the real submitBundle, then their arrival time is moved (as the database owner)
 * into the months under test: the figures are about counting by month, and months are UTC.
 */
describe('sharingStatistics', () => {
  let t: TestApp;
  let tok: { home: string; a: string; b: string };
  let rows: Row[];

  beforeAll(async () => {
    // Sessions in Los Angeles time: months must still be UTC months.
    t = await startTestApp({}, { beforeStart: (db) => asOwner(db.url, (c) => c.query(`ALTER DATABASE ${db.name} SET TimeZone = 'America/Los_Angeles'`)) });
    const home = await aPartner(t.app, { kind: 'HOME', roles: ['ANALYST'] });
    const a = await aPartner(t.app, { trust: 'TRUSTED', shortName: 'SHARE-A', groups: ['APCERT'] });
    const b = await aPartner(t.app, { trust: 'COMMUNITY', shortName: 'SHARE-B' });
    await aPartner(t.app, { trust: 'PUBLIC', shortName: 'SHARE-C' });
    const d = await aPartner(t.app, { trust: 'TRUSTED', shortName: 'SHARE-D' });
    const tokens = { home: await tokenFor(t.baseUrl, home), a: await tokenFor(t.baseUrl, a), b: await tokenFor(t.baseUrl, b), d: await tokenFor(t.baseUrl, d) };
    tok = tokens;

    const placed: [string, string][] = [];
    const put = async (token: string, at: string, object: Record<string, unknown>, audience?: Record<string, string[]>) => {
      await submitOk(t.baseUrl, token, { bundle: bundle(object), ...(audience ? { audience } : {}) });
      placed.push([object.id as string, at]);
    };
    await put(tokens.home, '2026-01-10T00:00:00Z', marked('GREEN', indicator()));
    await put(tokens.home, '2026-01-20T00:00:00Z', marked('AMBER', indicator()));
    // 23:30 on 31 January in Los Angeles is 07:30 on 1 February UTC: a February object.
    await put(tokens.home, '2026-01-31T23:30:00-08:00', marked('RED', indicator()), { partners: ['SHARE-A'] });
    await put(tokens.home, '2026-03-05T00:00:00Z', marked('CLEAR', indicator()));
    await put(tokens.home, '2026-01-31T23:59:59.999Z', marked('AMBER+STRICT', indicator()), { groups: ['APCERT'] });
    await put(tokens.home, '2026-04-01T00:00:00Z', marked('CLEAR', indicator()));
    await put(tokens.home, '2025-12-31T23:59:59.999Z', marked('CLEAR', indicator()));
    await put(tokens.a, '2026-01-15T00:00:00Z', marked('AMBER', indicator()));
    await put(tokens.a, '2026-02-02T00:00:00Z', marked('GREEN', indicator()));
    await put(tokens.b, '2026-03-03T00:00:00Z', marked('CLEAR', indicator()));
    await put(tokens.d, '2026-02-10T00:00:00Z', marked('GREEN', indicator()));
    await asOwner(t.db.url, async (db) => {
      for (const [id, at] of placed) await db.query(`UPDATE stix_objects SET received_at = $2 WHERE id = $1`, [id, at]);
    });
    // Suspended today: shares nothing, whatever it could see before; what it sent still counts.
    await t.app.get(PartnersService).suspend('SHARE-D', null);

    const r = await gql<{ sharingStatistics: Row[] }>(t.baseUrl, QUERY, { from: '2026-01', to: '2026-03' }, tokens.home);
    if (!r.data) throw new Error(JSON.stringify(r.errors));
    rows = r.data.sharingStatistics;
  });
  afterAll(() => t.close());

  const figures = (partner: string, field: 'shared' | 'received') => rows.find((r) => r.partner === partner)!.months.map((m) => m[field]);

  it('lists every partner but HOME, with every month asked for', () => {
    expect(rows.map((r) => r.partner).sort()).toEqual(['SHARE-A', 'SHARE-B', 'SHARE-C', 'SHARE-D']);
    expect(rows.every((r) => r.months.map((m) => m.month).join() === '2026-01,2026-02,2026-03')).toBe(true);
  });

  it('counts as shared what the policy makes available to each partner, by UTC month, not its own', () => {
    // A (TRUSTED, APCERT): Jan GREEN + AMBER + AMBER+STRICT to APCERT; Feb RED named to A + D's GREEN; Mar two CLEAR.
    expect(figures('SHARE-A', 'shared')).toEqual([3, 2, 2]);
    // B (COMMUNITY): Jan GREEN; Feb A's GREEN + D's GREEN; Mar HOME's CLEAR (its own CLEAR is not shared with it).
    expect(figures('SHARE-B', 'shared')).toEqual([1, 2, 1]);
    // C (PUBLIC): CLEAR only, in March.
    expect(figures('SHARE-C', 'shared')).toEqual([0, 0, 2]);
    expect(figures('SHARE-D', 'shared')).toEqual([0, 0, 0]);
  });

  it('counts as received what each partner submitted, by month and channel', () => {
    expect(figures('SHARE-A', 'received')).toEqual([1, 1, 0]);
    expect(figures('SHARE-B', 'received')).toEqual([0, 0, 1]);
    expect(figures('SHARE-C', 'received')).toEqual([0, 0, 0]);
    expect(figures('SHARE-D', 'received')).toEqual([0, 1, 0]);
    const jan = rows.find((r) => r.partner === 'SHARE-A')!.months[0]!;
    expect(jan.receivedByChannel).toEqual([{ channel: 'graphql', count: 1 }, { channel: 'taxii', count: 0 }, { channel: 'sync', count: 0 }, { channel: 'cli', count: 0 }]);
  });

  it('is HOME only: a partner gets FORBIDDEN', async () => {
    const r = await gql(t.baseUrl, QUERY, { from: '2026-01', to: '2026-03' }, tok.a);
    expect(r.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(r.data ?? null).toBeNull();
  });

  it('refuses a malformed or reversed range with BAD_USER_INPUT naming the argument', async () => {
    const bad = await gql(t.baseUrl, QUERY, { from: '2026-1', to: '2026-03' }, tok.home);
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(bad.errors?.[0]?.extensions?.argument).toBe('from');
    const reversed = await gql(t.baseUrl, QUERY, { from: '2026-03', to: '2026-01' }, tok.home);
    expect(reversed.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((await gql(t.baseUrl, QUERY, { from: '2026-01', to: '2026-01' }, tok.b)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
