import { gql } from '../support/graphql-client';
import { aPartner, tokenFor, type TestClient } from '../support/partners';
import { startTestApp, type TestApp } from '../support/test-app';
import { anIncident, createIncident } from './incident-fixtures';

type Note = { id: string; incidentId: string; inReplyTo: string | null; content: string; tlp: string; authorPartner: string; stixId: string };
const NOTE = `id incidentId inReplyTo content tlp authorPartner stixId`;

describe('incident notes', () => {
  let t: TestApp;
  let home: string;
  let peer: string;
  let outsider: string;
  let peerClient: TestClient;

  const addNote = (token: string, input: Record<string, unknown>) =>
    gql<{ addNote: Note }>(t.baseUrl, `mutation($i: AddNoteInput!) { addNote(input: $i) { ${NOTE} } }`, { i: input }, token);
  const notes = (token: string, incidentId: string, first?: number, after?: string) =>
    gql<{ notes: { edges: { node: Note }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } }>(
      t.baseUrl,
      `query($id: ID!, $first: Int, $after: String) { notes(incidentId: $id, first: $first, after: $after) { edges { node { ${NOTE} } } pageInfo { hasNextPage endCursor } } }`,
      { id: incidentId, first, after },
      token,
    );

  beforeAll(async () => {
    t = await startTestApp();
    peerClient = await aPartner(t.app, { trust: 'TRUSTED' });
    [home, peer, outsider] = await Promise.all([
      tokenFor(t.baseUrl, await aPartner(t.app, { kind: 'HOME', roles: ['ANALYST'] })),
      tokenFor(t.baseUrl, peerClient),
      tokenFor(t.baseUrl, await aPartner(t.app, { trust: 'COMMUNITY', roles: ['ANALYST'] })),
    ]);
  });
  afterAll(() => t.close());

  it('lets a peer that sees an incident add notes and replies, listed newest first with pages', async () => {
    const inc = await createIncident(t.baseUrl, home, anIncident({ tlp: 'AMBER' }));
    const first = await addNote(peer, { incidentId: inc.id, content: 'Same kit seen against a JP bank' });
    expect(first.data?.addNote).toMatchObject({ incidentId: inc.id, inReplyTo: null, tlp: 'AMBER', authorPartner: peerClient.partnerShortName });
    const reply = await addNote(home, { incidentId: inc.id, content: 'Thanks: linking', inReplyTo: first.data!.addNote.id });
    expect(reply.data?.addNote.inReplyTo).toBe(first.data!.addNote.id);
    const third = await addNote(home, { incidentId: inc.id, content: 'Takedown requested' });

    const p1 = await notes(peer, inc.id, 2);
    expect(p1.data?.notes.edges.map((e) => e.node.content)).toEqual(['Takedown requested', 'Thanks: linking']);
    expect(p1.data?.notes.pageInfo.hasNextPage).toBe(true);
    const p2 = await notes(peer, inc.id, 2, p1.data!.notes.pageInfo.endCursor);
    expect(p2.data?.notes.edges.map((e) => e.node.content)).toEqual(['Same kit seen against a JP bank']);
    expect(p2.data?.notes.pageInfo.hasNextPage).toBe(false);
    expect(third.data?.addNote.tlp).toBe('AMBER');
  });

  it('mirrors a note as a STIX note whose object_refs names the incident', async () => {
    const inc = await createIncident(t.baseUrl, home);
    const note = (await addNote(home, { incidentId: inc.id, content: 'C2 at 203.0.113.9' })).data!.addNote;
    const r = await gql<{ stixObject: { type: string; object: { object_refs: string[]; content: string } } }>(t.baseUrl, `query($id: String!) { stixObject(id: $id) { type object } }`, { id: note.stixId }, peer);
    expect(r.data?.stixObject.type).toBe('note');
    expect(r.data?.stixObject.object).toMatchObject({ object_refs: [inc.stixId], content: 'C2 at 203.0.113.9' });
  });

  it('keeps a stricter note from partners the incident reaches but the note does not', async () => {
    const inc = await createIncident(t.baseUrl, home, anIncident({ tlp: 'GREEN' }));
    await addNote(home, { incidentId: inc.id, content: 'for everyone who sees it' });
    await addNote(home, { incidentId: inc.id, content: 'only for the peer', tlp: 'RED', audiencePartners: [peerClient.partnerShortName] });
    expect((await notes(peer, inc.id)).data?.notes.edges.map((e) => e.node.content)).toEqual(['only for the peer', 'for everyone who sees it']);
    expect((await notes(outsider, inc.id)).data?.notes.edges.map((e) => e.node.content)).toEqual(['for everyone who sees it']);
  });

  it('refuses a note looser than its incident with BAD_USER_INPUT', async () => {
    const inc = await createIncident(t.baseUrl, home, anIncident({ tlp: 'AMBER' }));
    const r = await addNote(home, { incidentId: inc.id, content: 'x', tlp: 'CLEAR' });
    expect(r.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(r.errors?.[0]?.message).toBe('a note cannot be marked CLEAR: what it answers is AMBER');
  });

  it('answers a note on an invisible incident exactly like one on a missing incident', async () => {
    const inc = await createIncident(t.baseUrl, home, anIncident({ tlp: 'RED' }));
    const hidden = await addNote(peer, { incidentId: inc.id, content: 'probe' });
    const missing = await addNote(peer, { incidentId: '00000000-0000-4000-8000-000000000000', content: 'probe' });
    expect(hidden.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(hidden.errors?.[0]?.message).toBe(`Incident ${inc.id} not found`);
    expect(missing.errors?.[0]?.message).toBe('Incident 00000000-0000-4000-8000-000000000000 not found');
    expect((await notes(peer, inc.id)).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await notes(home, inc.id)).data?.notes.edges).toEqual([]);
  });
});
