import { randomUUID } from 'node:crypto';
import { address, bundle, observedData, sighting } from '../../src/host-reports/testing/stix-bundles';
import { startTestApp, type TestApp } from '../support/test-app';
import { ADD_NETWORKS, aCaller, allReports, daysAgo, IMPORT, ok, SAVE_FEED, type Caller } from './host-reports-fixtures';

const malware = (name: string) => ({ type: 'malware', spec_version: '2.1', id: `malware--${randomUUID()}`, created: daysAgo(3, 0), modified: daysAgo(3, 0), name, is_family: true });

/** A STIX feed: sightings and observed data of two ISPs' machines and an unrouted one, and bundles that are refused. */
describe('host reports: STIX feeds', () => {
  let t: TestApp;
  let home: Caller, ispA: Caller, ispB: Caller;

  beforeAll(async () => {
    t = await startTestApp();
    home = await aCaller(t, { kind: 'HOME', roles: ['ADMIN'] });
    ispA = await aCaller(t, { kind: 'ISP', roles: ['ANALYST'], shortName: 'ISP-SA' });
    ispB = await aCaller(t, { kind: 'ISP', roles: ['ANALYST'], shortName: 'ISP-SB' });
    ok(await home.q(ADD_NETWORKS, { partner: 'ISP-SA', networks: ['192.0.2.0/24'] }));
    ok(await home.q(ADD_NETWORKS, { partner: 'ISP-SB', networks: ['2001:db8::/32'] }));
    ok(await home.q(SAVE_FEED, { input: { name: 'peer-cert-stix', format: 'STIX', mapping: { defaultThreat: 'scanner' }, threatMap: { 'Mirai Variant': 'mirai' } } }));
  });
  afterAll(() => t.close());

  it('imports each address as a report, routed to its ISP, with the threat from the sighted malware or the default', async () => {
    const a = address('192.0.2.10'), b = address('2001:db8::7'), u = address('198.18.0.9');
    const mirai = malware('Mirai Variant');
    const sightedData = observedData([a.id as string, b.id as string], { first_observed: daysAgo(1, 1), last_observed: daysAgo(1, 2) });
    const lone = observedData([u.id as string], { first_observed: daysAgo(1, 3), last_observed: daysAgo(1, 3) });
    const content = bundle([a, b, u, mirai, sightedData, lone, sighting(mirai.id, [sightedData.id as string], { last_seen: daysAgo(1, 4) })]);
    const result = ok(await home.q<{ importHostReports: Record<string, unknown> }>(IMPORT, { feed: 'peer-cert-stix', content }));
    expect(result.importHostReports).toMatchObject({ status: 'SUCCEEDED', rowsRead: 3, accepted: 3, duplicates: 0, unrouted: 1, rejected: 0 });

    expect((await allReports(ispA)).map((r) => [r.ip, r.threat, r.owner, r.day])).toEqual([['192.0.2.10', 'mirai', 'ISP-SA', daysAgo(1, 4).slice(0, 10)]]);
    expect((await allReports(ispB)).map((r) => [r.ip, r.threat, r.owner])).toEqual([['2001:db8::7', 'mirai', 'ISP-SB']]);
    expect((await allReports(home)).map((r) => [r.ip, r.threat, r.owner, r.sources]).sort()).toEqual([
      ['192.0.2.10', 'mirai', 'ISP-SA', ['peer-cert-stix']],
      ['198.18.0.9', 'scanner', null, ['peer-cert-stix']],
      ['2001:db8::7', 'mirai', 'ISP-SB', ['peer-cert-stix']],
    ]);
  });

  it('refuses a bundle with an invalid object, naming it, and stores nothing (all or nothing)', async () => {
    const a = address('192.0.2.20');
    // Both windows given in full: the fixture's default last_observed is a fixed date, which a first_observed
    // relative to today overtook at midnight (the valid object then failed too).
    const window = { first_observed: daysAgo(1, 1), last_observed: daysAgo(1, 1) };
    const bad = observedData([a.id as string], { ...window, number_observed: 0 });
    const response = await home.q(IMPORT, { feed: 'peer-cert-stix', content: bundle([a, observedData([a.id as string], window), bad]) });
    expect(response.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', rejected: 1, problems: [{ path: 'line 3', message: expect.stringContaining('number_observed') }] });
    expect((await allReports(home)).map((r) => r.ip)).not.toContain('192.0.2.20');
  });

  it('fails a file that is not a STIX bundle as a whole', async () => {
    const notJson = await home.q(IMPORT, { feed: 'peer-cert-stix', content: 'ts,ip\n' });
    expect(notJson.errors![0]).toMatchObject({ message: expect.stringMatching(/^not a STIX bundle: not JSON/), extensions: { code: 'BAD_USER_INPUT' } });
    const notBundle = await home.q(IMPORT, { feed: 'peer-cert-stix', content: JSON.stringify({ type: 'bundle', id: 'bundle--1', objects: [] }) });
    expect(notBundle.errors![0]!.message).toBe('not a STIX bundle: $.id: must be an identifier of the form bundle--UUID; $.objects: must not be empty');
  });

  it('refuses a STIX feed definition with columns', async () => {
    const response = await home.q(SAVE_FEED, { input: { name: 'stix-cols', format: 'STIX', mapping: { columns: { ip: 'ip' } } } });
    expect(response.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', problems: [{ path: 'mapping.columns', message: 'STIX feeds have no columns (use defaultThreat and the threat map)' }] });
  });
});
