import { cliHomeActor, HostNetworksService, HostReportImportService } from '../../src/host-reports';
import { PartnersService } from '../../src/partners/partners.service';
import { startTestApp, type TestApp } from '../support/test-app';
import { aCaller, allReports, daysAgo, ok, SAVE_FEED, type Caller } from './host-reports-fixtures';

/**
 * An import routes in memory from a copy of the networks taken when it starts. A network registered while
 * it runs must still route the batches stored after that: the copy is reloaded when host_networks changes.
 */
describe('host reports: a network registered in the middle of an import', () => {
  let t: TestApp;
  let home: Caller, isp: Caller;

  beforeAll(async () => {
    t = await startTestApp({ HOST_REPORTS_BATCH_SIZE: '100' });
    home = await aCaller(t, { kind: 'HOME', roles: ['ADMIN'] });
    isp = await aCaller(t, { kind: 'ISP', roles: ['ANALYST'], shortName: 'ISP-M' });
    ok(await home.q(SAVE_FEED, { input: { name: 'mid', format: 'CSV', partial: true, mapping: { columns: { timestamp: 'ts', ip: 'ip', threat: 'threat' } } } }));
  });
  afterAll(() => t.close());

  it('routes the batches stored after the registration', async () => {
    const actor = await cliHomeActor(t.app.get(PartnersService));
    const at = daysAgo(1, 3);
    const rows = (second: number) => Array.from({ length: 300 }, (_, i) => `${at},10.${second}.${i >> 8}.${i & 255},mirai\n`).join('');
    async function* bytes(): AsyncIterable<Buffer> {
      yield Buffer.from(`ts,ip,threat\n${rows(0)}`); // three batches, stored before the network exists
      await t.app.get(HostNetworksService).add(actor, 'ISP-M', ['10.0.0.0/8']);
      yield Buffer.from(rows(1));
    }
    const record = await t.app.get(HostReportImportService).import(actor, 'mid', { bytes: bytes(), fileName: 'mid.csv' });
    expect(record).toMatchObject({ status: 'SUCCEEDED', rowsRead: 600, accepted: 600 });

    const owned = await allReports(isp);
    expect(owned.filter((r) => r.ip.startsWith('10.1.'))).toHaveLength(300);
    expect(owned.every((r) => r.owner === 'ISP-M' && r.routedBy === 'PREFIX')).toBe(true);
    expect(record.unrouted).toBe(600 - owned.length);
  });
});
