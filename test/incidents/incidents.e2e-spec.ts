import { Client } from 'pg';
import { gql } from '../support/graphql-client';
import { aPartner, tokenFor, type TestClient } from '../support/partners';
import { startTestApp, type TestApp } from '../support/test-app';
import { anIncident, createIncident, incidentBy, INCIDENT_FIELDS, transition, type IncidentOut } from './incident-fixtures';

describe('incidents', () => {
  let t: TestApp;
  let home: string;
  let peer: string;
  let community: string;
  let peerClient: TestClient;

  beforeAll(async () => {
    t = await startTestApp();
    peerClient = await aPartner(t.app, { trust: 'TRUSTED', shortName: `JPCERT-${Date.now() % 100000}` });
    [home, peer, community] = await Promise.all([
      tokenFor(t.baseUrl, await aPartner(t.app, { kind: 'HOME', roles: ['ANALYST'] })),
      tokenFor(t.baseUrl, peerClient),
      tokenFor(t.baseUrl, await aPartner(t.app, { trust: 'COMMUNITY', roles: ['ANALYST'] })),
    ]);
  });
  afterAll(() => t.close());

  it('numbers incidents <HOME>-<year>-<5 digits>, consecutively even when created at once', async () => {
    const made = await Promise.all([1, 2, 3, 4, 5].map(() => createIncident(t.baseUrl, home)));
    const year = new Date().getUTCFullYear();
    const seqs = made.map((i) => {
      const m = new RegExp(`^[A-Za-z0-9._-]+-${year}-(\\d{5})$`).exec(i.reference);
      expect(m).not.toBeNull();
      return Number(m![1]);
    });
    expect(new Set(seqs).size).toBe(5);
    expect(Math.max(...seqs) - Math.min(...seqs)).toBe(4);
    expect(made.every((i) => i.status === 'REPORTED' && i.allowedTransitions.join() === 'TRIAGED,REJECTED')).toBe(true);
  });

  it('walks REPORTED → TRIAGED → IN_PROGRESS → RESOLVED → CLOSED, reopens, and stamps every transition', async () => {
    const inc = await createIncident(t.baseUrl, home);
    let last: IncidentOut = inc;
    for (const to of ['TRIAGED', 'IN_PROGRESS', 'RESOLVED', 'CLOSED', 'IN_PROGRESS']) {
      const r = await transition(t.baseUrl, home, inc.id, to);
      expect(r.errors).toBeUndefined();
      last = r.data!.transitionIncident;
      expect(last.status).toBe(to);
    }
    expect(last.transitions.map((x) => `${x.from}>${x.to}`)).toEqual(['REPORTED>TRIAGED', 'TRIAGED>IN_PROGRESS', 'IN_PROGRESS>RESOLVED', 'RESOLVED>CLOSED', 'CLOSED>IN_PROGRESS']);
    expect(last.triagedAt).not.toBeNull();
    expect(last.reopenedAt).not.toBeNull();
  });

  it('refuses an invalid transition with BAD_USER_INPUT naming the allowed ones', async () => {
    const inc = await createIncident(t.baseUrl, home);
    const r = await transition(t.baseUrl, home, inc.id, 'CLOSED');
    expect(r.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(r.errors?.[0]?.message).toBe('cannot move an incident from REPORTED to CLOSED (allowed: TRIAGED, REJECTED)');
    await transition(t.baseUrl, home, inc.id, 'REJECTED');
    const again = await transition(t.baseUrl, home, inc.id, 'TRIAGED');
    expect(again.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(again.errors?.[0]?.message).toContain('REJECTED is final');
  });

  it('answers NOT_FOUND for an unknown reference and for a malformed one', async () => {
    for (const reference of ['HKCERT-1999-99999', 'not a reference']) {
      const r = await incidentBy(t.baseUrl, home, { reference });
      expect(r.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    }
  });

  it('shows a TLP:AMBER incident to a TRUSTED peer without reporter and victim, and hides it from COMMUNITY like a missing one', async () => {
    const inc = await createIncident(t.baseUrl, home, anIncident({ tlp: 'AMBER' }));
    expect(inc.reporter).toBe('Jane Chan, +852 5555 0100');
    const seen = await incidentBy(t.baseUrl, peer, { reference: inc.reference });
    expect(seen.data?.incident).toMatchObject({ reference: inc.reference, reporter: null, affectedOrganisation: null, audience: null });
    const hidden = await incidentBy(t.baseUrl, community, { reference: inc.reference });
    const missing = await incidentBy(t.baseUrl, community, { reference: `${inc.reference.slice(0, -5)}99999` });
    expect(hidden.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(hidden.errors?.[0]?.message).toBe(`Incident ${inc.reference} not found`);
    expect(missing.errors?.[0]?.message).toBe(`Incident ${inc.reference.slice(0, -5)}99999 not found`);
  });

  it('gives the reporter to a partner named in the audience, and nobody else', async () => {
    const inc = await createIncident(t.baseUrl, home, anIncident({ tlp: 'RED', audiencePartners: [peerClient.partnerShortName] }));
    expect(inc.audience).toEqual({ partners: [peerClient.partnerShortName], groups: [] });
    expect((await incidentBy(t.baseUrl, peer, { id: inc.id })).data?.incident.reporter).toBe('Jane Chan, +852 5555 0100');
    expect((await incidentBy(t.baseUrl, community, { id: inc.id })).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('audits reads of RED incidents and reads with sensitive fields withheld, not plain ones', async () => {
    const amber = await createIncident(t.baseUrl, home, anIncident({ tlp: 'AMBER' }));
    const green = await createIncident(t.baseUrl, home, anIncident({ tlp: 'GREEN', reporter: null, affectedOrganisation: null }));
    await incidentBy(t.baseUrl, peer, { id: amber.id });
    await incidentBy(t.baseUrl, peer, { id: green.id });
    const db = new Client({ connectionString: t.db.url });
    await db.connect();
    try {
      const rows = (await db.query(`SELECT target_ids, details FROM audit_events WHERE action = 'incident.read' AND actor_client_id = $1`, [peerClient.clientId])).rows as { target_ids: string[]; details: Record<string, unknown> }[];
      expect(rows.filter((r) => r.target_ids.includes(amber.id)).map((r) => r.details)).toEqual([{ operation: 'incident', redactedIncidents: 1 }]);
      expect(rows.some((r) => r.target_ids.includes(green.id))).toBe(false);
    } finally {
      await db.end();
    }
  });

  it('mirrors every incident as a STIX incident with our extension, redacted for peers like the row', async () => {
    const inc = await createIncident(t.baseUrl, home, anIncident({ title: 'Defaced government site', subcategory: 'WEBSITE_DEFACEMENT' }));
    await transition(t.baseUrl, home, inc.id, 'TRIAGED');
    const q = `query($id: String!) { stixObject(id: $id) { type tlp object } }`;
    const mine = await gql<{ stixObject: { type: string; tlp: string; object: Record<string, unknown> } }>(t.baseUrl, q, { id: inc.stixId }, home);
    expect(mine.data?.stixObject.type).toBe('incident');
    expect(mine.data?.stixObject.tlp).toBe('AMBER');
    const ext = Object.values(mine.data!.stixObject.object.extensions as Record<string, Record<string, unknown>>)[0]!;
    expect(ext).toMatchObject({ extension_type: 'property-extension', reference: inc.reference, subcategory: 'website_defacement', status: 'triaged', x_cx_victim: 'Example Bank (HK) Ltd' });
    const theirs = await gql<{ stixObject: { object: Record<string, unknown> } }>(t.baseUrl, q, { id: inc.stixId }, peer);
    const theirExt = Object.values(theirs.data!.stixObject.object.extensions as Record<string, Record<string, unknown>>)[0]!;
    expect(theirExt.status).toBe('triaged');
    expect(theirExt).not.toHaveProperty('x_cx_victim');
    expect(theirExt).not.toHaveProperty('x_cx_sensitive');
  });

  it('lets the owner (and HOME, see incident-handling) change an incident; a peer that only sees it gets FORBIDDEN', async () => {
    const inc = await createIncident(t.baseUrl, home);
    const r = await gql(t.baseUrl, `mutation($id: ID!) { updateIncident(id: $id, input: {assignee: "x"}) { id } }`, { id: inc.id }, peer);
    expect(r.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const ok = await gql<{ updateIncident: IncidentOut }>(t.baseUrl, `mutation($id: ID!) { updateIncident(id: $id, input: {assignee: "alice", tlp: RED}) { ${INCIDENT_FIELDS} } }`, { id: inc.id }, home);
    expect(ok.data?.updateIncident).toMatchObject({ tlp: 'RED' });
    expect((await incidentBy(t.baseUrl, peer, { id: inc.id })).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('links STIX objects the owner can see, and refuses one it cannot as not found', async () => {
    const inc = await createIncident(t.baseUrl, home);
    const r = await gql(t.baseUrl, `mutation($id: ID!) { linkObjects(id: $id, stixIds: ["indicator--00000000-0000-4000-8000-000000000000"]) { id } }`, { id: inc.id }, home);
    expect(r.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const other = await createIncident(t.baseUrl, home);
    const ok = await gql<{ linkObjects: IncidentOut }>(t.baseUrl, `mutation($id: ID!, $s: [String!]!) { linkObjects(id: $id, stixIds: $s) { linkedObjectIds } }`, { id: inc.id, s: [other.stixId] }, home);
    expect(ok.data?.linkObjects.linkedObjectIds).toEqual([other.stixId]);
  });

  it('filters by status, category, source, assignee and reporting time', async () => {
    const assignee = `analyst-${Date.now()}`;
    const a = await createIncident(t.baseUrl, home, anIncident({ category: 'OTHER', subcategory: 'OTHER', source: 'PROACTIVE', assignee }));
    const b = await createIncident(t.baseUrl, home, anIncident({ category: 'OTHER', subcategory: 'OTHER', source: 'REPORTED', assignee }));
    await transition(t.baseUrl, home, b.id, 'TRIAGED');
    const ids = async (filter: Record<string, unknown>) =>
      (await gql<{ incidents: { edges: { node: { id: string } }[] } }>(t.baseUrl, `query($f: IncidentFilterInput) { incidents(filter: $f, first: 50) { edges { node { id } } } }`, { f: filter }, home)).data!.incidents.edges.map((e) => e.node.id);
    expect(await ids({ assignee })).toEqual([b.id, a.id]);
    expect(await ids({ assignee, status: 'TRIAGED' })).toEqual([b.id]);
    expect(await ids({ assignee, source: 'PROACTIVE', category: 'OTHER' })).toEqual([a.id]);
    expect(await ids({ assignee, from: new Date(Date.now() + 60_000).toISOString() })).toEqual([]);
    expect(await ids({ assignee, to: new Date(Date.now() + 60_000).toISOString(), from: new Date(Date.now() - 3_600_000).toISOString() })).toEqual([b.id, a.id]);
  });

  it('lists newest first with filters and pages, and RLS hides rows from a session without an actor', async () => {
    const a = await createIncident(t.baseUrl, home, anIncident({ category: 'VIRUS', subcategory: 'RANSOMWARE', exercise: true }));
    const b = await createIncident(t.baseUrl, home, anIncident({ category: 'VIRUS', subcategory: 'RANSOMWARE', exercise: true }));
    const q = `query($after: String) { incidents(filter: {exercise: true, subcategory: RANSOMWARE}, first: 1, after: $after) { edges { node { id } } pageInfo { hasNextPage endCursor } } }`;
    type P = { incidents: { edges: { node: { id: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } };
    const p1 = await gql<P>(t.baseUrl, q, {}, home);
    expect(p1.data?.incidents.edges.map((e) => e.node.id)).toEqual([b.id]);
    expect(p1.data?.incidents.pageInfo.hasNextPage).toBe(true);
    const p2 = await gql<P>(t.baseUrl, q, { after: p1.data!.incidents.pageInfo.endCursor }, home);
    expect(p2.data?.incidents.edges.map((e) => e.node.id)).toEqual([a.id]);
    expect(p2.data?.incidents.pageInfo.hasNextPage).toBe(false);

    const db = new Client({ connectionString: t.db.url });
    await db.connect();
    try {
      await db.query('SET ROLE cx_app');
      expect((await db.query('SELECT count(*)::int AS n FROM incidents')).rows[0].n).toBe(0);
    } finally {
      await db.end();
    }
  });
});
