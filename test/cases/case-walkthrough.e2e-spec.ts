import { createHash } from 'node:crypto';
import { Client } from 'pg';
import { ClientsService } from '../../src/partners/clients.service';
import { canonicalJson } from '../../src/stix';
import { anIncident, createIncident, incidentBy, transition, type IncidentOut } from '../incidents/incident-fixtures';
import { bundle, indicator, marked, submitOk } from '../stix/stix-fixtures';
import { gql } from '../support/graphql-client';
import { aPartner, tokenFor, type TestClient } from '../support/partners';
import { startTestApp, type TestApp } from '../support/test-app';

type Evidence = { kind: string; refId: string; stixId: string; object: Record<string, unknown> };
type Case = { id: string; caseNumber: string; status: string; lawEnforcementPartner: string; revision: number; evidence: Evidence[] | null };
type Export = { bundle: { id: string; objects: { id: string; type: string }[] }; sha256: string; auditSequence: number };
const CASE = `id caseNumber status lawEnforcementPartner revision evidence { kind refId stixId object }`;

/**
 * One incident from report to police case to export, as three partners see it: HKCERT (HOME analyst),
 * JPCERT/CC (a TRUSTED peer CERT) and the police (a LAW_ENFORCEMENT partner, COMMUNITY trust, two
 * LIAISON officers of whom one is granted the case).
 */
describe('an incident from report to police case to export', () => {
  let t: TestApp;
  let tok: { hkcert: string; jpcert: string; officer: string; otherOfficer: string };
  let officer: TestClient;
  let police: TestClient;
  let jpcertClientId: string;
  let jpcertIdentity: string;
  let incident: IncidentOut;
  let caseId: string;
  let notes: { hkcertRed: string; jpcert: string };
  const ioc = marked('RED', indicator({ name: 'Phishing kit C2' }, '203.0.113.77'));

  const caseQuery = (token: string, id: string, purpose?: string) =>
    gql<{ case: Case }>(t.baseUrl, `query($id: ID!, $p: String) { case(id: $id, purpose: $p) { ${CASE} } }`, { id, p: purpose }, token);
  const exportCase = (token: string, id: string, purpose?: string) =>
    gql<{ exportCase: Export }>(t.baseUrl, `query($id: ID!, $p: String) { exportCase(id: $id, purpose: $p) { bundle sha256 auditSequence } }`, { id, p: purpose }, token);
  const audit = async (sql: string, params: unknown[]) => {
    const db = new Client({ connectionString: t.db.url });
    await db.connect();
    try {
      return (await db.query(sql, params)).rows as { action: string; outcome: string; actor_client_id: string; details: Record<string, unknown> }[];
    } finally {
      await db.end();
    }
  };

  beforeAll(async () => {
    t = await startTestApp();
    const hkcert = await aPartner(t.app, { kind: 'HOME', roles: ['ANALYST'] });
    const jpcert = await aPartner(t.app, { kind: 'CERT', trust: 'TRUSTED', shortName: 'JPCERT-CC', groups: ['APCERT'] });
    jpcertClientId = jpcert.clientId;
    jpcertIdentity = jpcert.identityRef;
    police = await aPartner(t.app, { kind: 'LAW_ENFORCEMENT', trust: 'COMMUNITY', shortName: 'HKPF-CSTCB', roles: ['LIAISON'] });
    officer = police;
    const second = await t.app.get(ClientsService).create({ partnerShortName: 'HKPF-CSTCB', roles: ['LIAISON'] }, null);
    tok = {
      hkcert: await tokenFor(t.baseUrl, hkcert),
      jpcert: await tokenFor(t.baseUrl, jpcert),
      officer: await tokenFor(t.baseUrl, officer),
      otherOfficer: await tokenFor(t.baseUrl, { clientId: second.client.clientId, clientSecret: second.clientSecret! }),
    };

    // HKCERT records a report (TLP:AMBER: peers of TRUSTED standing see it, the police's COMMUNITY trust does not).
    incident = await createIncident(t.baseUrl, tok.hkcert, anIncident({ title: 'Phishing kit against Example Bank customers', tlp: 'AMBER' }));
    await transition(t.baseUrl, tok.hkcert, incident.id, 'TRIAGED');
    await transition(t.baseUrl, tok.hkcert, incident.id, 'IN_PROGRESS');
    await submitOk(t.baseUrl, tok.hkcert, { bundle: bundle(ioc) });
    await gql(t.baseUrl, `mutation($id: ID!, $s: [String!]!) { linkObjects(id: $id, stixIds: $s) { id } }`, { id: incident.id, s: [ioc.id] }, tok.hkcert);
    const addNote = async (token: string, input: Record<string, unknown>) =>
      (await gql<{ addNote: { id: string } }>(t.baseUrl, `mutation($i: AddNoteInput!) { addNote(input: $i) { id } }`, { i: input }, token)).data!.addNote.id;
    notes = {
      jpcert: await addNote(tok.jpcert, { incidentId: incident.id, content: 'Same kit hit a Japanese bank; hosting AS64500' }),
      hkcertRed: await addNote(tok.hkcert, { incidentId: incident.id, content: 'Victim list obtained from the kit: 412 accounts', tlp: 'RED' }),
    };
    const created = await gql<{ createCase: Case }>(
      t.baseUrl,
      `mutation($i: CreateCaseInput!) { createCase(input: $i) { ${CASE} } }`,
      { i: { caseNumber: 'CSTCB-2026-0042', lawEnforcementPartner: 'HKPF-CSTCB', legalBasis: 'Request under warrant W-123/2026', grantedClientIds: [officer.clientId], incidentIds: [incident.id], noteIds: [notes.jpcert, notes.hkcertRed], stixIds: [ioc.id] } },
      tok.hkcert,
    );
    if (!created.data) throw new Error(JSON.stringify(created.errors));
    caseId = created.data.createCase.id;
  });
  afterAll(() => t.close());

  it('HKCERT sees everything: the incident with reporter and victim, both notes, the case', async () => {
    expect((await incidentBy(t.baseUrl, tok.hkcert, { id: incident.id })).data?.incident).toMatchObject({ status: 'IN_PROGRESS', reporter: 'Jane Chan, +852 5555 0100', linkedObjectIds: [ioc.id] });
    const r = await caseQuery(tok.hkcert, caseId, 'Review before handing over');
    expect(r.data?.case.evidence?.map((e) => e.kind)).toEqual(['incident', 'note', 'note', 'stix']);
  });

  it('JPCERT/CC sees the incident without reporter or victim, its own note but not the RED one, and no case', async () => {
    expect((await incidentBy(t.baseUrl, tok.jpcert, { id: incident.id })).data?.incident).toMatchObject({ reporter: null, affectedOrganisation: null });
    const n = await gql<{ notes: { edges: { node: { id: string } }[] } }>(t.baseUrl, `query($id: ID!) { notes(incidentId: $id) { edges { node { id } } } }`, { id: incident.id }, tok.jpcert);
    expect(n.data?.notes.edges.map((e) => e.node.id)).toEqual([notes.jpcert]);
    expect((await caseQuery(tok.jpcert, caseId, 'curious')).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await gql<{ cases: { edges: unknown[] } }>(t.baseUrl, `{ cases { edges { cursor } } }`, {}, tok.jpcert)).data?.cases.edges).toEqual([]);
  });

  it('the granted officer reads the whole case, evidence beyond its marking included, but nothing outside it', async () => {
    const list = await gql<{ cases: { edges: { node: Case }[] } }>(t.baseUrl, `{ cases { edges { node { ${CASE} } } } }`, {}, tok.officer);
    expect(list.data?.cases.edges.map((e) => e.node)).toEqual([expect.objectContaining({ id: caseId, caseNumber: 'CSTCB-2026-0042', evidence: null })]);
    const r = await caseQuery(tok.officer, caseId, 'Identify the kit operator for W-123/2026');
    const evidence = r.data!.case.evidence!;
    expect(evidence.map((e) => e.stixId)).toEqual([incident.stixId, expect.stringMatching(/^note--/), expect.stringMatching(/^note--/), ioc.id]);
    const ext = Object.values(evidence[0]!.object.extensions as Record<string, Record<string, unknown>>)[0]!;
    expect(ext.x_cx_victim).toBe('Example Bank (HK) Ltd');
    expect(evidence[2]!.object.content).toBe('Victim list obtained from the kit: 412 accounts');
    // Outside the case the ordinary policy applies: the same incident, note and indicator are invisible.
    expect((await incidentBy(t.baseUrl, tok.officer, { id: incident.id })).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const ind = await gql(t.baseUrl, `query($id: String!) { stixObject(id: $id) { id } }`, { id: ioc.id }, tok.officer);
    expect(ind.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const rows = await audit(`SELECT action, details FROM audit_events WHERE action = 'case.read' AND actor_client_id = $1`, [officer.clientId]);
    expect(rows.map((e) => e.details.purpose)).toContain('Identify the kit operator for W-123/2026');
  });

  it('refuses case access without a purpose (FORBIDDEN) and to an officer not granted (NOT_FOUND), and audits both', async () => {
    for (const purpose of [undefined, '   ']) {
      const r = await caseQuery(tok.officer, caseId, purpose);
      expect(r.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    expect((await exportCase(tok.officer, caseId)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const other = await caseQuery(tok.otherOfficer, caseId, 'Curious');
    const missing = await caseQuery(tok.otherOfficer, '00000000-0000-4000-8000-000000000000', 'Curious');
    expect(other.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(other.errors?.[0]?.message).toBe(`Case ${caseId} not found`);
    expect(missing.errors?.[0]?.message).toBe('Case 00000000-0000-4000-8000-000000000000 not found');
    expect((await gql<{ cases: { edges: unknown[] } }>(t.baseUrl, `{ cases { edges { cursor } } }`, {}, tok.otherOfficer)).data?.cases.edges).toEqual([]);
    const denials = await audit(`SELECT actor_client_id, details FROM audit_events WHERE action = 'access.denied' AND $1 = ANY(target_ids) ORDER BY sequence`, [caseId]);
    const byPolice = denials.filter((d) => d.actor_client_id !== jpcertClientId);
    expect(byPolice.map((d) => d.details.reason)).toEqual(['no-purpose', 'no-purpose', 'no-purpose', 'not-granted']);
    // JPCERT/CC's probe in the earlier test is on the record too.
    expect(denials.filter((d) => d.actor_client_id === jpcertClientId).map((d) => d.details.reason)).toEqual(['not-granted']);
  });

  it('exports a bundle whose SHA-256 over RFC 8785 JSON is reproducible and recorded with the purpose', async () => {
    const first = (await exportCase(tok.officer, caseId, 'Evidence for the prosecution')).data!.exportCase;
    expect(first.sha256).toBe(createHash('sha256').update(canonicalJson(first.bundle)).digest('hex'));
    expect(first.bundle.objects.map((o) => o.type)).toEqual(['incident', 'note', 'note', 'indicator', 'marking-definition', 'marking-definition']);
    const again = (await exportCase(tok.officer, caseId, 'Court copy')).data!.exportCase;
    expect(again.sha256).toBe(first.sha256);
    expect(again.auditSequence).toBeGreaterThan(first.auditSequence);
    const [event] = await audit(`SELECT action, outcome, actor_client_id, details FROM audit_events WHERE sequence = $1`, [first.auditSequence]);
    expect(event).toMatchObject({ action: 'case.export', outcome: 'ok', actor_client_id: officer.clientId, details: { purpose: 'Evidence for the prosecution', sha256: first.sha256 } });
  });

  it('lets only HOME export a closed case', async () => {
    const c = await gql<{ createCase: Case }>(
      t.baseUrl,
      `mutation($i: CreateCaseInput!) { createCase(input: $i) { id } }`,
      { i: { caseNumber: 'CSTCB-2026-0043', lawEnforcementPartner: 'HKPF-CSTCB', legalBasis: 'W-124/2026', grantedClientIds: [officer.clientId], incidentIds: [incident.id] } },
      tok.hkcert,
    );
    const id = c.data!.createCase.id;
    const closed = await gql<{ updateCase: Case }>(t.baseUrl, `mutation($id: ID!) { updateCase(id: $id, input: {status: CLOSED}) { status } }`, { id }, tok.hkcert);
    expect(closed.data?.updateCase.status).toBe('CLOSED');
    const refused = await exportCase(tok.officer, id, 'One more copy');
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await exportCase(tok.hkcert, id, 'Archive')).data?.exportCase.sha256).toMatch(/^[0-9a-f]{64}$/);
    const denials = await audit(`SELECT details FROM audit_events WHERE action = 'access.denied' AND $1 = ANY(target_ids)`, [id]);
    expect(denials.map((d) => d.details.reason)).toEqual(['closed']);
  });

  it('refuses referrals HOME cannot make: to a non-police partner, grants to non-liaison clients, by a peer', async () => {
    const base = { caseNumber: 'X-1', legalBasis: 'x', incidentIds: [incident.id], grantedClientIds: [] as string[] };
    const create = (token: string, i: Record<string, unknown>) => gql(t.baseUrl, `mutation($i: CreateCaseInput!) { createCase(input: $i) { id } }`, { i }, token);
    expect((await create(tok.hkcert, { ...base, lawEnforcementPartner: 'JPCERT-CC' })).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((await create(tok.hkcert, { ...base, lawEnforcementPartner: 'HKPF-CSTCB', grantedClientIds: ['nobody'] })).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((await create(tok.jpcert, { ...base, lawEnforcementPartner: 'HKPF-CSTCB' })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await create(tok.hkcert, { ...base, caseNumber: 'CSTCB-2026-0042', lawEnforcementPartner: 'HKPF-CSTCB' })).errors?.[0]?.extensions?.code).toBe('CONFLICT');
  });

  it('raises the revision when evidence is added, which changes the export hash; old exports stay verifiable by their audit event', async () => {
    const c = await gql<{ createCase: Case }>(
      t.baseUrl,
      `mutation($i: CreateCaseInput!) { createCase(input: $i) { id revision } }`,
      { i: { caseNumber: 'CSTCB-2026-0044', lawEnforcementPartner: 'HKPF-CSTCB', legalBasis: 'W-125/2026', grantedClientIds: [officer.clientId], incidentIds: [incident.id] } },
      tok.hkcert,
    );
    const id = c.data!.createCase.id;
    expect(c.data!.createCase.revision).toBe(1);
    const before = (await exportCase(tok.officer, id, 'First look')).data!.exportCase;
    const updated = await gql<{ updateCase: Case }>(t.baseUrl, `mutation($id: ID!, $s: [String!]) { updateCase(id: $id, input: {stixIds: $s}) { revision } }`, { id, s: [ioc.id] }, tok.hkcert);
    expect(updated.data?.updateCase.revision).toBe(2);
    const unchanged = await gql<{ updateCase: Case }>(t.baseUrl, `mutation($id: ID!, $s: [String!]) { updateCase(id: $id, input: {stixIds: $s}) { revision } }`, { id, s: [ioc.id] }, tok.hkcert);
    expect(unchanged.data?.updateCase.revision).toBe(2);
    const after = (await exportCase(tok.officer, id, 'After new evidence')).data!.exportCase;
    expect(after.sha256).not.toBe(before.sha256);
    expect(after.bundle.objects.map((o) => o.id)).toContain(ioc.id);
    const [first] = await audit(`SELECT action, outcome, actor_client_id, details FROM audit_events WHERE sequence = $1`, [before.auditSequence]);
    expect(first?.details).toMatchObject({ revision: 1, sha256: before.sha256 });
  });

  it('answers an export by an officer not granted, and by JPCERT/CC, as for a missing case, and audits both', async () => {
    const [{ last }] = (await audit(`SELECT max(sequence) AS last FROM audit_events`, [])) as unknown as { last: string }[];
    for (const token of [tok.otherOfficer, tok.jpcert]) {
      const r = await exportCase(token, caseId, 'Curious');
      expect(r.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
      expect(r.errors?.[0]?.message).toBe(`Case ${caseId} not found`);
      expect(r.data?.exportCase ?? null).toBeNull();
    }
    const denials = await audit(`SELECT actor_client_id, details FROM audit_events WHERE action = 'access.denied' AND $1 = ANY(target_ids) AND sequence > $2 ORDER BY sequence`, [caseId, last]);
    expect(denials.map((d) => [d.actor_client_id === jpcertClientId ? 'jpcert' : 'officer', d.details.reason])).toEqual([['officer', 'not-granted'], ['jpcert', 'not-granted']]);
  });

  it('JPCERT/CC reports an incident itself; HKCERT triages it and refers it; each sees its part', async () => {
    const reported = await createIncident(t.baseUrl, tok.jpcert, anIncident({ title: 'Same kit on a Japanese bank, C2 in Hong Kong', reporter: 'JPCERT/CC duty officer', affectedOrganisation: 'Example Bank (JP)', tlp: 'AMBER' }));
    expect((await transition(t.baseUrl, tok.hkcert, reported.id, 'TRIAGED')).data?.transitionIncident.status).toBe('TRIAGED');
    expect((await transition(t.baseUrl, tok.hkcert, reported.id, 'IN_PROGRESS')).data?.transitionIncident.status).toBe('IN_PROGRESS');
    // The reporter follows HKCERT's handling on its own incident, reporter and victim included (it wrote them).
    expect((await incidentBy(t.baseUrl, tok.jpcert, { id: reported.id })).data?.incident).toMatchObject({ status: 'IN_PROGRESS', reporter: 'JPCERT/CC duty officer' });
    const created = await gql<{ createCase: Case }>(
      t.baseUrl,
      `mutation($i: CreateCaseInput!) { createCase(input: $i) { id } }`,
      { i: { caseNumber: 'CSTCB-2026-0045', lawEnforcementPartner: 'HKPF-CSTCB', legalBasis: 'Request R-77/2026', grantedClientIds: [officer.clientId], incidentIds: [reported.id, incident.id] } },
      tok.hkcert,
    );
    const id = created.data!.createCase.id;
    // The officer reads JPCERT/CC's incident inside the case, victim included, and exports it; outside the case it stays invisible.
    const read = await caseQuery(tok.officer, id, 'Link the Japanese victim to W-123/2026');
    const first = read.data!.case.evidence![0]!;
    expect(first.stixId).toBe(reported.stixId);
    expect(first.object.created_by_ref).toBe(jpcertIdentity);
    const ext = Object.values(first.object.extensions as Record<string, Record<string, unknown>>)[0]!;
    expect(ext.x_cx_victim).toBe('Example Bank (JP)');
    // Frozen as its reporter's STIX incident: HKCERT's handling travels in HKCERT's own notes (docs).
    expect(ext.status).toBe('reported');
    const exported = (await exportCase(tok.officer, id, 'Evidence for R-77/2026')).data!.exportCase;
    expect(exported.bundle.objects.slice(0, 2).map((o) => o.id)).toEqual([reported.stixId, incident.stixId]);
    expect(exported.sha256).toBe(createHash('sha256').update(canonicalJson(exported.bundle)).digest('hex'));
    expect((await incidentBy(t.baseUrl, tok.officer, { id: reported.id })).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    // JPCERT/CC sees neither this case nor any other.
    expect((await caseQuery(tok.jpcert, id, 'curious')).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('keeps what was referred frozen: a later change to the incident does not alter the case', async () => {
    await gql(t.baseUrl, `mutation($id: ID!) { updateIncident(id: $id, input: {title: "Renamed later"}) { id } }`, { id: incident.id }, tok.hkcert);
    const r = await caseQuery(tok.officer, caseId, 'Check evidence unchanged');
    expect(String(r.data?.case.evidence?.[0]?.object.name)).toContain('Phishing kit against Example Bank customers');
  });
});
