import { Client } from 'pg';
import { gql } from '../support/graphql-client';
import { aPartner, tokenFor, type TestClient } from '../support/partners';
import { startTestApp, type TestApp } from '../support/test-app';
import { anIncident, createIncident, incidentBy, INCIDENT_FIELDS, transition, type IncidentOut } from './incident-fixtures';

type StixOut = { stixObject: { type: string; object: Record<string, unknown> } };
const STIX = `query($id: String!) { stixObject(id: $id) { type object } }`;
const extensionOf = (object: Record<string, unknown>) => Object.values(object.extensions as Record<string, Record<string, unknown>>)[0]!;

/**
 * HOME works incidents partners report to it (they carry HOME's reference), and an incident and its
 * STIX mirror (and a note and its STIX note) are written in one transaction.
 */
describe('incident handling', () => {
  let t: TestApp;
  let db: Client;
  let tok: { home: string; jpcert: string; other: string };
  let jpcert: TestClient;

  beforeAll(async () => {
    t = await startTestApp();
    jpcert = await aPartner(t.app, { trust: 'TRUSTED', shortName: 'JPCERT-CC' });
    tok = {
      home: await tokenFor(t.baseUrl, await aPartner(t.app, { kind: 'HOME', roles: ['ANALYST'] })),
      jpcert: await tokenFor(t.baseUrl, jpcert),
      other: await tokenFor(t.baseUrl, await aPartner(t.app, { trust: 'CLOSE' })),
    };
    db = new Client({ connectionString: t.db.url });
    await db.connect();
  });
  afterAll(async () => {
    await db.end();
    await t.close();
  });

  const count = async (sql: string, params: unknown[] = []) => Number((await db.query(`SELECT count(*) AS n FROM ${sql}`, params)).rows[0].n);

  describe('a partner-reported incident', () => {
    let reported: IncidentOut;

    beforeAll(async () => {
      reported = await createIncident(t.baseUrl, tok.jpcert, anIncident({ title: 'C2 in a Hong Kong data centre', subcategory: 'BOTNET_C2', category: 'VIRUS', tlp: 'AMBER' }));
    });

    it('is transitioned, updated and linked by a HOME analyst, each change stamped and audited', async () => {
      expect((await transition(t.baseUrl, tok.home, reported.id, 'TRIAGED')).data?.transitionIncident.status).toBe('TRIAGED');
      const updated = await gql<{ updateIncident: IncidentOut }>(
        t.baseUrl,
        `mutation($id: ID!) { updateIncident(id: $id, input: {assignee: "hk-analyst-7", severity: CRITICAL}) { ${INCIDENT_FIELDS} } }`,
        { id: reported.id },
        tok.home,
      );
      expect(updated.data?.updateIncident).toMatchObject({ status: 'TRIAGED', assignee: 'hk-analyst-7' });
      const other = await createIncident(t.baseUrl, tok.home);
      const linked = await gql<{ linkObjects: IncidentOut }>(t.baseUrl, `mutation($id: ID!, $s: [String!]!) { linkObjects(id: $id, stixIds: $s) { linkedObjectIds } }`, { id: reported.id, s: [other.stixId] }, tok.home);
      expect(linked.data?.linkObjects.linkedObjectIds).toEqual([other.stixId]);
      expect((await transition(t.baseUrl, tok.home, reported.id, 'IN_PROGRESS')).data?.transitionIncident.status).toBe('IN_PROGRESS');

      // The reporter sees HOME's handling on its own incident.
      const seen = (await incidentBy(t.baseUrl, tok.jpcert, { id: reported.id })).data!.incident;
      expect(seen).toMatchObject({ status: 'IN_PROGRESS', linkedObjectIds: [other.stixId], reporter: 'Jane Chan, +852 5555 0100' });
      expect(seen.transitions.map((x) => `${x.from}>${x.to}`)).toEqual(['REPORTED>TRIAGED', 'TRIAGED>IN_PROGRESS']);
      const events = await db.query(`SELECT action, details FROM audit_events WHERE $1 = ANY(target_ids) AND action LIKE 'incident.%' AND action <> 'incident.read' ORDER BY sequence`, [reported.id]);
      expect(events.rows.map((e: { action: string }) => e.action)).toEqual(['incident.create', 'incident.transition', 'incident.update', 'incident.link', 'incident.transition']);
      expect(events.rows.slice(1).every((e: { details: { handledFor?: string } }) => e.details.handledFor === jpcert.partnerId)).toBe(true);
    });

    it("publishes HOME's changes as HOME's STIX notes on the incident; the reporter's STIX incident stays the reporter's", async () => {
      const notes = await db.query(
        `SELECT object FROM stix_objects WHERE type = 'note' AND object->'object_refs' ? $1 AND is_latest ORDER BY seq`,
        [reported.stixId],
      );
      const abstracts = notes.rows.map((r: { object: { abstract: string } }) => r.object.abstract);
      expect(abstracts).toEqual([
        `${reported.reference}: status REPORTED → TRIAGED`,
        `${reported.reference}: updated severity, assignee`,
        expect.stringMatching(new RegExp(`^${reported.reference}: linked incident--`)),
        `${reported.reference}: status TRIAGED → IN_PROGRESS`,
      ]);
      // A peer receives the latest handling note through the store like any object, with the incident's marking.
      const last = notes.rows.at(-1)!.object as Record<string, unknown>;
      const asPeer = await gql<StixOut>(t.baseUrl, STIX, { id: last.id }, tok.other);
      expect(asPeer.data?.stixObject.type).toBe('note');
      expect(extensionOf(asPeer.data!.stixObject.object)).toMatchObject({ handling: true, status: 'in_progress', severity: 'critical', assignee: 'hk-analyst-7' });
      expect(JSON.stringify(last)).not.toContain('Jane Chan');
      const incident = await gql<StixOut>(t.baseUrl, STIX, { id: reported.stixId }, tok.home);
      expect(incident.data?.stixObject.object.created_by_ref).toBe(jpcert.identityRef);
      expect(extensionOf(incident.data!.stixObject.object).status).toBe('reported');
    });

    it("lets the reporter keep changing it; its next STIX version carries HOME's handling", async () => {
      const r = await transition(t.baseUrl, tok.jpcert, reported.id, 'RESOLVED');
      expect(r.data?.transitionIncident.status).toBe('RESOLVED');
      const incident = await gql<StixOut>(t.baseUrl, STIX, { id: reported.stixId }, tok.home);
      expect(extensionOf(incident.data!.stixObject.object)).toMatchObject({ status: 'resolved', severity: 'critical', assignee: 'hk-analyst-7' });
    });

    it("refuses HOME a change of the reporter's marking (FORBIDDEN), and a third partner any change (FORBIDDEN)", async () => {
      const remark = await gql(t.baseUrl, `mutation($id: ID!) { updateIncident(id: $id, input: {tlp: RED}) { id } }`, { id: reported.id }, tok.home);
      expect(remark.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      const other = await transition(t.baseUrl, tok.other, reported.id, 'CLOSED');
      expect(other.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect((await incidentBy(t.baseUrl, tok.home, { id: reported.id })).data?.incident).toMatchObject({ status: 'RESOLVED', tlp: 'AMBER' });
    });
  });

  describe('one transaction with the STIX mirror', () => {
    // A real failure inside the object store's write: a trigger on stix_objects refuses objects whose
    // JSON carries a marker, after the incident (or note) row and its audit event are written.
    beforeAll(async () => {
      await db.query(`CREATE FUNCTION refuse_marked() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN IF NEW.object::text LIKE '%MIRROR-FAILS%' THEN RAISE EXCEPTION 'mirror refused'; END IF; RETURN NEW; END $$`);
      await db.query(`CREATE TRIGGER refuse_marked BEFORE INSERT ON stix_objects FOR EACH ROW EXECUTE FUNCTION refuse_marked()`);
    });
    afterAll(() => db.query(`DROP TRIGGER refuse_marked ON stix_objects; DROP FUNCTION refuse_marked()`));

    it('a failed mirror leaves no incident, no audit event and no number used', async () => {
      const before = await createIncident(t.baseUrl, tok.home);
      const r = await gql(t.baseUrl, `mutation($i: CreateIncidentInput!) { createIncident(input: $i) { id } }`, { i: anIncident({ title: 'MIRROR-FAILS' }) }, tok.home);
      expect(r.errors?.[0]?.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
      expect(JSON.stringify(r.errors)).not.toContain('mirror refused');
      expect(await count(`incidents WHERE title = 'MIRROR-FAILS'`)).toBe(0);
      expect(await count(`stix_objects WHERE object::text LIKE '%MIRROR-FAILS%'`)).toBe(0);
      expect(await count(`audit_events WHERE action = 'incident.create' AND details->>'reference' > $1`, [before.reference])).toBe(0);
      const after = await createIncident(t.baseUrl, tok.home);
      expect(Number(after.reference.slice(-5))).toBe(Number(before.reference.slice(-5)) + 1);
    });

    it('a failed mirror leaves a change unmade', async () => {
      const inc = await createIncident(t.baseUrl, tok.home);
      const r = await gql(t.baseUrl, `mutation($id: ID!) { updateIncident(id: $id, input: {title: "MIRROR-FAILS"}) { id } }`, { id: inc.id }, tok.home);
      expect(r.errors?.[0]?.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
      expect((await incidentBy(t.baseUrl, tok.home, { id: inc.id })).data?.incident.title).toBe(inc.title);
      expect(await count(`audit_events WHERE action = 'incident.update' AND $1 = ANY(target_ids)`, [inc.id])).toBe(0);
    });

    it('a failed note mirror leaves no note', async () => {
      const inc = await createIncident(t.baseUrl, tok.home);
      const r = await gql(t.baseUrl, `mutation($i: AddNoteInput!) { addNote(input: $i) { id } }`, { i: { incidentId: inc.id, content: 'MIRROR-FAILS' } }, tok.jpcert);
      expect(r.errors?.[0]?.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
      expect(await count(`incident_notes WHERE incident_id = $1`, [inc.id])).toBe(0);
      expect(await count(`audit_events WHERE action = 'incident.note' AND $1 = ANY(target_ids)`, [inc.id])).toBe(0);
    });
  });
});
