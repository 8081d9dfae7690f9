import { Client } from 'pg';
import { startTestApp, type TestApp } from '../support/test-app';
import { ADD_NETWORKS, aCaller, allReports, daysAgo, IMPORT, ok, SAVE_FEED, STATISTICS, today, type Caller } from './host-reports-fixtures';

const SET_STATUS = `mutation($ids: [ID!]!, $status: HostReportStatus!, $note: String) { setHostReportStatus(ids: $ids, status: $status, note: $note) { id status remediatedAt } }`;

/** What an ISP does with its reports, and what HOME's figures then say. */
describe('host reports: the owner’s workflow', () => {
  let t: TestApp;
  let home: Caller, isp: Caller, otherIsp: Caller, reader: Caller;
  let ids: string[];

  beforeAll(async () => {
    t = await startTestApp();
    home = await aCaller(t, { kind: 'HOME', roles: ['ADMIN'] });
    isp = await aCaller(t, { kind: 'ISP', roles: ['ANALYST'], shortName: 'HARBOUR' });
    otherIsp = await aCaller(t, { kind: 'ISP', roles: ['ANALYST'], shortName: 'KOWLOON' });
    reader = await aCaller(t, { kind: 'ISP', roles: ['READER'], shortName: 'READ-ONLY' });
    ok(await home.q(ADD_NETWORKS, { partner: 'HARBOUR', networks: ['192.0.2.0/24'] }));
    ok(await home.q(ADD_NETWORKS, { partner: 'READ-ONLY', networks: ['198.51.100.0/24'] }));
    ok(await home.q(SAVE_FEED, { input: { name: 'sensors', format: 'JSONL', mapping: { columns: { timestamp: 't', ip: 'ip' }, defaultThreat: 'ssh-bruteforce' } } }));
    const lines = ['192.0.2.1', '192.0.2.2', '192.0.2.3', '198.51.100.1', '203.0.113.1'].map((ip) => JSON.stringify({ t: daysAgo(1, 2), ip }));
    ok(await home.q(IMPORT, { feed: 'sensors', content: lines.join('\n') }));
    ids = (await allReports(isp)).map((r) => r.id).sort();
  });
  afterAll(() => t.close());

  it('lets the owner mark its reports NOTIFIED, REMEDIATED or FALSE_POSITIVE, audited once per action', async () => {
    expect(ids).toHaveLength(3);
    const notified = ok(await isp.q<{ setHostReportStatus: { status: string }[] }>(SET_STATUS, { ids, status: 'NOTIFIED', note: 'ticket 4711' })).setHostReportStatus;
    expect(notified.map((r) => r.status)).toEqual(['NOTIFIED', 'NOTIFIED', 'NOTIFIED']);
    const [remediated] = ok(await isp.q<{ setHostReportStatus: { remediatedAt: string | null }[] }>(SET_STATUS, { ids: [ids[0]], status: 'REMEDIATED' })).setHostReportStatus;
    expect(remediated!.remediatedAt).toEqual(expect.any(String));
    ok(await isp.q(SET_STATUS, { ids: [ids[1]], status: 'FALSE_POSITIVE' }));
    expect((await allReports(isp, { status: 'NOTIFIED' })).map((r) => r.id)).toEqual([ids[2]]);
    const pg = new Client({ connectionString: t.db.url });
    await pg.connect();
    try {
      const events = (await pg.query(`SELECT partner_id, target_ids, details FROM audit_events WHERE action = 'host-report.set-status' ORDER BY sequence`)).rows;
      expect(events.map((e) => [e.partner_id, e.target_ids.length, e.details.status])).toEqual([
        [isp.client.partnerId, 3, 'NOTIFIED'],
        [isp.client.partnerId, 1, 'REMEDIATED'],
        [isp.client.partnerId, 1, 'FALSE_POSITIVE'],
      ]);
      expect(events[0].details.note).toBe('ticket 4711');
    } finally {
      await pg.end();
    }
  });

  it('answers another partner’s reports as not found, and changes none of a mixed list', async () => {
    const error = (await otherIsp.q(SET_STATUS, { ids: [ids[2]], status: 'REMEDIATED' })).errors![0]!;
    expect(error).toMatchObject({ message: `host report ${ids[2]} not found`, extensions: { code: 'NOT_FOUND' } });
    const readerIds = (await allReports(reader)).map((r) => r.id);
    const mixed = (await reader.q(SET_STATUS, { ids: [...readerIds, ids[2]], status: 'REMEDIATED' })).errors![0]!;
    // A READER may look but not act.
    expect(mixed.extensions).toMatchObject({ code: 'FORBIDDEN' });
    expect((await allReports(reader)).map((r) => r.status)).toEqual(['NEW']);
    expect((await isp.q(SET_STATUS, { ids: [ids[2], '999999'], status: 'REMEDIATED' })).errors![0]!.message).toBe('host report 999999 not found');
    expect((await allReports(isp, { status: 'NOTIFIED' })).map((r) => r.id)).toEqual([ids[2]]);
    expect((await isp.q(SET_STATUS, { ids: [ids[2]], status: 'NEW' })).errors![0]!.message).toBe('status must be NOTIFIED, REMEDIATED or FALSE_POSITIVE');
  });

  it('computes remediation rates and the median time to remediate from the statuses', async () => {
    const stats = ok(await home.q<{ hostReportStatistics: { byOwner: Record<string, unknown>[]; total: Record<string, unknown> } }>(STATISTICS, { from: daysAgo(1, 0).slice(0, 10), to: today() })).hostReportStatistics;
    const harbour = stats.byOwner.find((o) => o.key === 'HARBOUR');
    expect(harbour).toEqual({ key: 'HARBOUR', hosts: 3, reports: 3, unrouted: 0, remediated: 1 });
    expect(stats.total).toMatchObject({ hosts: 5, reports: 5, remediated: 1, falsePositives: 1, unrouted: 1, remediationRate: 0.25, medianHoursToRemediate: expect.any(Number) });
    expect(stats.total.medianHoursToRemediate as number).toBeGreaterThanOrEqual(0);
    expect(stats.total.medianHoursToRemediate as number).toBeLessThan(1);
  });

  it('routes the UNROUTED queue once the owner’s network is registered', async () => {
    expect((await allReports(home, { unrouted: true })).map((r) => r.ip)).toEqual(['203.0.113.1']);
    const added = ok(await home.q<{ addHostNetworks: Record<string, number> }>(ADD_NETWORKS, { partner: 'KOWLOON', networks: ['203.0.113.0/24', '100.64.0.0/24'] })).addHostNetworks;
    expect(added).toEqual({ added: 2, alreadyRegistered: 0, rerouted: 1 });
    expect(await allReports(home, { unrouted: true })).toEqual([]);
    expect((await allReports(otherIsp)).map((r) => [r.ip, r.routedBy])).toEqual([['203.0.113.1', 'PREFIX']]);
  });
});
