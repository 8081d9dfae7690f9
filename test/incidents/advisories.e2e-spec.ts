import { gql } from '../support/graphql-client';
import { aPartner, tokenFor, type TestClient } from '../support/partners';
import { startTestApp, type TestApp } from '../support/test-app';

type Advisory = { id: string; stixId: string; title: string; cves: string[]; tlp: string };
const PUBLISH = `mutation($i: PublishAdvisoryInput!) { publishAdvisory(input: $i) { id stixId title cves tlp } }`;

describe('advisories', () => {
  let t: TestApp;
  let home: string;
  let peer: string;
  let pub: string;
  let peerClient: TestClient;
  const year = new Date().getUTCFullYear();

  const publish = (token: string, input: Record<string, unknown>) => gql<{ publishAdvisory: Advisory }>(t.baseUrl, PUBLISH, { i: input }, token);
  const list = async (token: string) =>
    (await gql<{ advisories: { edges: { node: Advisory }[] } }>(t.baseUrl, `query($y: Int!) { advisories(year: $y) { edges { node { id title } } } }`, { y: year }, token)).data!.advisories.edges.map((e) => e.node.title);

  beforeAll(async () => {
    t = await startTestApp();
    peerClient = await aPartner(t.app, { trust: 'TRUSTED' });
    [home, peer, pub] = await Promise.all([
      tokenFor(t.baseUrl, await aPartner(t.app, { kind: 'HOME', roles: ['ANALYST'] })),
      tokenFor(t.baseUrl, peerClient),
      tokenFor(t.baseUrl, await aPartner(t.app, { trust: 'PUBLIC', roles: ['READER'] })),
    ]);
  });
  afterAll(() => t.close());

  it('publishes a TLP:CLEAR STIX report with one vulnerability per CVE that every partner can read', async () => {
    const r = await publish(home, { title: 'Example Router multiple vulnerabilities', cves: [{ id: 'CVE-2026-1111' }, { id: 'cve-2026-2222', description: 'Auth bypass' }] });
    const a = r.data!.publishAdvisory;
    expect(a).toMatchObject({ tlp: 'CLEAR', cves: ['CVE-2026-1111', 'CVE-2026-2222'] });
    const report = await gql<{ stixObject: { type: string; tlp: string; object: { object_refs: string[]; report_types: string[] } } }>(t.baseUrl, `query($id: String!) { stixObject(id: $id) { type tlp object } }`, { id: a.stixId }, pub);
    expect(report.data?.stixObject).toMatchObject({ type: 'report', tlp: 'CLEAR', object: { report_types: ['vulnerability'] } });
    const vuln = await gql<{ stixObject: { object: { external_references: { source_name: string; external_id: string }[] } } }>(t.baseUrl, `query($id: String!) { stixObject(id: $id) { object } }`, { id: report.data!.stixObject.object.object_refs[1] }, pub);
    expect(vuln.data?.stixObject.object.external_references[0]).toMatchObject({ source_name: 'cve', external_id: 'CVE-2026-2222' });
    expect(await list(pub)).toContain('Example Router multiple vulnerabilities');
  });

  it('keeps a restricted advisory to its audience, in the list and in the yearly count', async () => {
    await publish(home, { title: 'Pre-disclosure for one peer', cves: [{ id: 'CVE-2026-3333' }], tlp: 'RED', audiencePartners: [peerClient.partnerShortName] });
    expect(await list(peer)).toContain('Pre-disclosure for one peer');
    expect(await list(pub)).not.toContain('Pre-disclosure for one peer');
    const count = async (token: string) =>
      (await gql<{ incidentStatistics: { advisories: number } }>(t.baseUrl, `query($y: Int!) { incidentStatistics(year: $y) { advisories } }`, { y: year }, token)).data!.incidentStatistics.advisories;
    expect(await count(home)).toBe(2);
    expect(await count(peer)).toBe(2);
    expect(await count(pub)).toBe(1);
  });

  it('refuses a bad CVE id with BAD_USER_INPUT and a non-HOME publisher with FORBIDDEN', async () => {
    const bad = await publish(home, { title: 'x', cves: [{ id: 'CVE-26-1' }] });
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(bad.errors?.[0]?.message).toContain('CVE-26-1 is not a CVE id');
    expect((await publish(peer, { title: 'x', cves: [{ id: 'CVE-2026-4444' }] })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
