import { Client } from 'pg';
import { startTestApp, type TestApp } from '../support/test-app';
import { ADD_NETWORKS, aCaller, allReports, daysAgo, IMPORT, ok, SAVE_FEED, STATISTICS, today, type Caller } from './host-reports-fixtures';

/**
 * The issue's acceptance test: one feed mixing two ISPs' networks, an unrouted address and bad rows; each
 * ISP sees only its machines, HOME sees all and the UNROUTED queue, a third partner sees nothing — through
 * lists, statistics and digests, and through PostgreSQL row-level security itself.
 */
describe('host reports: routing to network owners and who sees what', () => {
  let t: TestApp;
  let home: Caller, ispA: Caller, ispB: Caller, outsider: Caller;
  let firstImport: Record<string, unknown>;
  const day = daysAgo(2, 0).slice(0, 10);

  beforeAll(async () => {
    t = await startTestApp();
    home = await aCaller(t, { kind: 'HOME', roles: ['ADMIN'] });
    ispA = await aCaller(t, { kind: 'ISP', trust: 'COMMUNITY', roles: ['ANALYST'], shortName: 'ISP-A' });
    ispB = await aCaller(t, { kind: 'ISP', trust: 'CLOSE', roles: ['ANALYST'], shortName: 'ISP-B' });
    outsider = await aCaller(t, { kind: 'CERT', trust: 'CLOSE', roles: ['ANALYST'] });
    ok(await home.q(ADD_NETWORKS, { partner: 'ISP-A', networks: ['198.51.100.0/24', '2001:db8:a::/48', 'AS64500', '# a comment', ''] }));
    // Overlapping and more specific: 198.51.100.128/25 belongs to ISP-B.
    ok(await home.q(ADD_NETWORKS, { partner: 'ISP-B', networks: ['203.0.113.0/24', '198.51.100.128/25'] }));
    ok(
      await home.q(SAVE_FEED, {
        input: { name: 'shadow', format: 'CSV', partial: true, mapping: { columns: { timestamp: 'time', ip: 'src_ip', port: 'src_port', asn: 'asn', threat: 'infection' } }, threatMap: { 'Conficker.B': 'conficker' } },
      }),
    );
    ok(await home.q(SAVE_FEED, { input: { name: 'honeypot', format: 'JSONL', mapping: { columns: { timestamp: 'ts', ip: 'addr', threat: 'family' } } } }));
    const csv = [
      'time,src_ip,src_port,asn,infection',
      `${daysAgo(2, 1)},198.51.100.10,445,,Conficker.B`,
      `${daysAgo(2, 3)},198.51.100.10,445,,conficker`,
      `${daysAgo(2, 4)},198.51.100.200,23,,mirai`,
      `${daysAgo(2, 5)},2001:db8:a::5,,,mirai`,
      `${daysAgo(2, 6)},192.0.2.50,,AS64500,mirai`,
      `${daysAgo(2, 7)},203.0.113.9,,,Mirai`,
      `${daysAgo(2, 8)},100.64.0.1,,,mirai`,
      `${daysAgo(2, 9)},999.1.1.1,,,mirai`,
      `${new Date(Date.now() + 86_400_000).toISOString()},198.51.100.11,,,mirai`,
      `${daysAgo(2, 10)},198.51.100.12,mirai`,
      `"${daysAgo(2, 11)},198.51.100.13,,,mirai`,
    ].join('\n');
    firstImport = ok(await home.q<{ importHostReports: Record<string, unknown> }>(IMPORT, { feed: 'shadow', content: csv })).importHostReports;
    ok(await home.q(IMPORT, { feed: 'honeypot', content: `{"addr":"198.51.100.10","ts":"${daysAgo(2, 12)}","family":"conficker"}\n` }));
  });
  afterAll(() => t.close());

  it('reports what the import did: rows read, accepted, duplicates, unrouted, rejected with reasons', () => {
    expect(firstImport).toMatchObject({ feed: 'shadow', status: 'PARTIAL', rowsRead: 11, accepted: 7, duplicates: 1, unrouted: 1, rejected: 4 });
    expect(firstImport.problems).toEqual([
      { line: 9, message: 'ip: "999.1.1.1" is not an IPv4 or IPv6 address' },
      { line: 10, message: expect.stringMatching(/^timestamp: .* is in the future$/) },
      { line: 11, message: 'expected 5 columns, found 3' },
      { line: 12, message: 'unbalanced quotes: a quoted field never closes' },
    ]);
  });

  it('routes by the longest matching prefix, then the AS number; deduplicates across feeds', async () => {
    const a = await allReports(ispA);
    expect(a.map((r) => [r.ip, r.threat, r.owner, r.routedBy]).sort()).toEqual([
      ['192.0.2.50', 'mirai', 'ISP-A', 'ASN'],
      ['198.51.100.10', 'conficker', 'ISP-A', 'PREFIX'],
      ['2001:db8:a::5', 'mirai', 'ISP-A', 'PREFIX'],
    ]);
    const conficker = a.find((r) => r.threat === 'conficker')!;
    expect(conficker).toMatchObject({ day, count: 3, sources: ['shadow', 'honeypot'], status: 'NEW', port: 445 });
    const b = await allReports(ispB);
    expect(b.map((r) => r.ip).sort()).toEqual(['198.51.100.200', '203.0.113.9']);
  });

  it('shows HOME every report and the UNROUTED queue; a third partner sees none', async () => {
    expect((await allReports(home)).map((r) => r.ip).sort()).toEqual(['100.64.0.1', '192.0.2.50', '198.51.100.10', '198.51.100.200', '2001:db8:a::5', '203.0.113.9']);
    expect((await allReports(home, { unrouted: true })).map((r) => [r.ip, r.owner])).toEqual([['100.64.0.1', null]]);
    expect(await allReports(outsider)).toEqual([]);
    // Filters an owner might use narrow its own view and never widen it.
    expect(await allReports(ispB, { unrouted: true })).toEqual([]);
    expect((await allReports(ispA, { prefix: '198.51.100.0/24' })).map((r) => r.ip)).toEqual(['198.51.100.10']);
    expect((await allReports(ispA, { threat: 'MIRAI' })).map((r) => r.ip).sort()).toEqual(['192.0.2.50', '2001:db8:a::5']);
  });

  it('gives statistics over the caller’s own reports only', async () => {
    const stats = async (c: Caller) => ok(await c.q<{ hostReportStatistics: Record<string, unknown> }>(STATISTICS, { from: day, to: today() })).hostReportStatistics;
    const all = await stats(home);
    expect(all.total).toMatchObject({ hosts: 6, reports: 6, unrouted: 1, remediated: 0, remediationRate: 0 });
    expect(all.byOwner).toEqual([
      { key: '', hosts: 1, reports: 1, unrouted: 1, remediated: 0 },
      { key: 'ISP-A', hosts: 3, reports: 3, unrouted: 0, remediated: 0 },
      { key: 'ISP-B', hosts: 2, reports: 2, unrouted: 0, remediated: 0 },
    ]);
    expect(all.byThreat).toEqual([{ key: 'conficker', hosts: 1, reports: 1 }, { key: 'mirai', hosts: 5, reports: 5 }]);
    expect(all.byDay).toEqual([{ key: day, hosts: 6, reports: 6 }]);
    const a = await stats(ispA);
    expect(a.total).toMatchObject({ hosts: 3, reports: 3, unrouted: 0 });
    expect(a.byOwner).toEqual([{ key: 'ISP-A', hosts: 3, reports: 3, unrouted: 0, remediated: 0 }]);
    const none = await stats(outsider);
    expect(none).toMatchObject({ total: { hosts: 0, reports: 0, remediationRate: null }, byOwner: [], byThreat: [], byDay: [] });
  });

  it('serves each owner its daily digest as CSV and JSON over REST and GraphQL, and nobody else’s', async () => {
    const get = (c: Caller, query: string) => fetch(`${t.baseUrl}/host-reports/digest?${query}`, { headers: { authorization: `Bearer ${c.token}` } });
    const csv = await get(ispA, `date=${today()}&format=csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = (await csv.text()).trim().split('\r\n');
    expect(lines[0]).toBe('id,ip,threat,day,first_seen,last_seen,count,sources,port,asn,hostname,url,owner,routed_by,status');
    expect(lines.slice(1).map((l) => l.split(',')[1]).sort()).toEqual(['192.0.2.50', '198.51.100.10', '2001:db8:a::5']);
    const json = (await (await get(ispB, `date=${today()}&format=json`)).json()) as { date: string; reports: { ip: string; owner: string }[] };
    expect(json.date).toBe(today());
    expect(json.reports.map((r) => [r.ip, r.owner]).sort()).toEqual([['198.51.100.200', 'ISP-B'], ['203.0.113.9', 'ISP-B']]);
    expect(await (await get(outsider, `date=${today()}&format=json`)).json()).toEqual({ date: today(), reports: [] });
    expect((await get(home, `date=${today()}&format=json`).then((r) => r.json()) as { reports: unknown[] }).reports).toHaveLength(6);
    expect(ok(await outsider.q<{ hostReportDigest: string }>(`query($d: String!) { hostReportDigest(date: $d, format: CSV) }`, { d: today() })).hostReportDigest.trim().split('\r\n')).toHaveLength(1);
    const gqlJson = ok(await ispB.q<{ hostReportDigest: string }>(`query($d: String!) { hostReportDigest(date: $d, format: JSON) }`, { d: today() })).hostReportDigest;
    expect(JSON.parse(gqlJson).reports).toHaveLength(2);
    // An earlier day holds nothing new; no token, no digest; a bad date is a clear 400.
    expect(await (await get(ispA, `date=${day}&format=json`)).json()).toEqual({ date: day, reports: [] });
    expect((await fetch(`${t.baseUrl}/host-reports/digest?date=${today()}`)).status).toBe(401);
    const bad = await get(ispA, 'date=yesterday');
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: 'BAD_USER_INPUT', message: 'date must be a date such as 2026-11-25' });
  });

  it('enforces ownership in PostgreSQL itself: row-level security without the actor shows nothing', async () => {
    const pg = new Client({ connectionString: t.db.url });
    await pg.connect();
    try {
      await pg.query('SET ROLE cx_app');
      const count = async () => Number((await pg.query('SELECT count(*) AS n FROM host_reports')).rows[0].n);
      expect(await count()).toBe(0);
      const as = async (partnerId: string, kind: string) => {
        await pg.query('BEGIN');
        await pg.query(`SELECT set_config('cx.partner_id', $1, true), set_config('cx.partner_kind', $2, true), set_config('cx.active', 'true', true)`, [partnerId, kind]);
        const n = await count();
        const networks = Number((await pg.query('SELECT count(*) AS n FROM host_networks')).rows[0].n);
        const feeds = Number((await pg.query('SELECT count(*) AS n FROM host_report_feeds')).rows[0].n);
        await pg.query('COMMIT');
        return [n, networks, feeds];
      };
      expect(await as(ispA.client.partnerId, 'ISP')).toEqual([3, 3, 0]);
      expect(await as(ispB.client.partnerId, 'ISP')).toEqual([2, 2, 0]);
      expect(await as(outsider.client.partnerId, 'CERT')).toEqual([0, 0, 0]);
      expect(await as(home.client.partnerId, 'HOME')).toEqual([6, 5, 2]);
      // After the transaction the settings are gone again (a pooled connection forgets its actor).
      expect(await count()).toBe(0);
      // An owner cannot hand its reports to someone else, even with raw SQL.
      await pg.query('BEGIN');
      await pg.query(`SELECT set_config('cx.partner_id', $1, true), set_config('cx.partner_kind', 'ISP', true), set_config('cx.active', 'true', true)`, [ispA.client.partnerId]);
      await expect(pg.query('UPDATE host_reports SET owner_partner_id = $1', [ispB.client.partnerId])).rejects.toThrow(/row-level security/);
      await pg.query('ROLLBACK');
    } finally {
      await pg.end();
    }
  });

  it('records one audit event per import, not one per row', async () => {
    const pg = new Client({ connectionString: t.db.url });
    await pg.connect();
    try {
      const rows = (await pg.query(`SELECT details FROM audit_events WHERE action = 'host-report.import' ORDER BY sequence`)).rows;
      expect(rows.map((r) => [r.details.feed, r.details.status, r.details.rowsRead])).toEqual([['shadow', 'PARTIAL', 11], ['honeypot', 'SUCCEEDED', 1]]);
      const rejects = (await pg.query(`SELECT line::int, reason FROM host_report_rejects WHERE import_id = $1 ORDER BY line`, [firstImport.id])).rows;
      expect(rejects.map((r) => r.line)).toEqual([9, 10, 11, 12]);
    } finally {
      await pg.end();
    }
  });
});
