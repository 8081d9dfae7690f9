import { Client } from 'pg';
import { StixQueryService } from '../../src/stix/store/stix-query.service';
import { gql } from '../support/graphql-client';
import { aPartner, tokenFor, type TestClient } from '../support/partners';
import { startTestApp, type TestApp } from '../support/test-app';
import { bundle, indicator, lookup, marked, submitOk } from './stix-fixtures';

const REPORT = `mutation($input: ReportSightingInput!) { reportSighting(input: $input) { id type tlp createdByRef object } }`;
const TOTALS = `query($id: String!) { stixObject(id: $id) { id sightingTotals { sightings count firstSeen lastSeen } } }`;

type Totals = { sightings: number; count: number; firstSeen: string | null; lastSeen: string | null };

describe('reportSighting and sighting totals', () => {
  let t: TestApp;
  let owner: Client;
  let sensor: TestClient;
  const tokens: Record<string, string> = {};
  const green = marked('GREEN', indicator({ name: 'C2 beacon' }, '192.0.2.201'));
  const amber = marked('AMBER', indicator({ name: 'Loader drop' }, '192.0.2.202'));

  const report = (who: string, input: Record<string, unknown>) =>
    gql<{ reportSighting: { id: string; type: string; tlp: string; createdByRef: string; object: Record<string, unknown> } }>(t.baseUrl, REPORT, { input }, tokens[who]);
  const totals = async (who: string, id: string): Promise<Totals> => {
    const r = await gql<{ stixObject: { sightingTotals: Totals } }>(t.baseUrl, TOTALS, { id }, tokens[who]);
    if (!r.data) throw new Error(JSON.stringify(r.errors));
    return r.data.stixObject.sightingTotals;
  };
  const storedSightings = async () => (await owner.query(`SELECT count(*)::int AS n FROM stix_objects WHERE type = 'sighting'`)).rows[0].n as number;

  beforeAll(async () => {
    t = await startTestApp();
    owner = new Client({ connectionString: t.db.url });
    await owner.connect();
    const producer = await aPartner(t.app, { trust: 'TRUSTED' });
    sensor = await aPartner(t.app, { trust: 'TRUSTED' });
    tokens.producer = await tokenFor(t.baseUrl, producer);
    tokens.sensor = await tokenFor(t.baseUrl, sensor);
    tokens.community = await tokenFor(t.baseUrl, await aPartner(t.app, { trust: 'COMMUNITY', roles: ['READER'] }));
    tokens.reader = await tokenFor(t.baseUrl, await aPartner(t.app, { trust: 'TRUSTED', roles: ['READER'] }));
    await submitOk(t.baseUrl, tokens.producer, { bundle: bundle(green, amber) });
  });
  afterAll(async () => {
    await owner.end();
    await t.close();
  });

  it('stores a sensor’s report as its own STIX sighting, marked like the indicator by default', async () => {
    const r = await report('sensor', { sightingOf: green.id, count: 5, firstSeen: '2026-11-20T01:00:00Z', lastSeen: '2026-11-21T02:00:00Z' });
    expect(r.errors).toBeUndefined();
    expect(r.data!.reportSighting).toMatchObject({ type: 'sighting', tlp: 'GREEN', createdByRef: sensor.identityRef });
    expect(r.data!.reportSighting.object).toMatchObject({
      sighting_of_ref: green.id,
      count: 5,
      first_seen: '2026-11-20T01:00:00.000Z',
      last_seen: '2026-11-21T02:00:00.000Z',
      where_sighted_refs: [sensor.identityRef],
    });
    expect(await totals('producer', green.id as string)).toEqual({ sightings: 1, count: 5, firstSeen: '2026-11-20T01:00:00.000Z', lastSeen: '2026-11-21T02:00:00.000Z' });
  });

  it('adds up several sightings, and counts for each viewer only the sightings that viewer may see', async () => {
    expect((await report('sensor', { sightingOf: green.id, count: 2, firstSeen: '2026-11-19T00:00:00Z', lastSeen: '2026-11-22T00:00:00Z' })).errors).toBeUndefined();
    expect((await report('sensor', { sightingOf: green.id, tlp: 'AMBER' })).errors).toBeUndefined();
    expect(await totals('producer', green.id as string)).toEqual({ sightings: 3, count: 8, firstSeen: '2026-11-19T00:00:00.000Z', lastSeen: '2026-11-22T00:00:00.000Z' });
    // COMMUNITY sees the GREEN indicator and the two GREEN sightings, not the AMBER one.
    expect(await totals('community', green.id as string)).toEqual({ sightings: 2, count: 7, firstSeen: '2026-11-19T00:00:00.000Z', lastSeen: '2026-11-22T00:00:00.000Z' });
    expect(await totals('producer', amber.id as string)).toEqual({ sightings: 0, count: 0, firstSeen: null, lastSeen: null });
  });

  it('finds the sightings with the indicator in lookupObservable', async () => {
    const found = await lookup(t.baseUrl, tokens.community, '192.0.2.201');
    expect(found[0]).toBe(green.id);
    expect(found.slice(1)).toHaveLength(2);
    expect(found.slice(1).every((id) => id.startsWith('sighting--'))).toBe(true);
  });

  it('answers a page of objects’ totals with one query (batched per request)', async () => {
    const queries = t.app.get(StixQueryService);
    const spy = jest.spyOn(queries, 'sightingTotals');
    try {
      const r = await gql<{ stixObjects: { edges: { node: { id: string; sightingTotals: Totals } }[] } }>(
        t.baseUrl,
        `{ stixObjects(filter: {types: ["indicator", "sighting"]}, first: 50) { edges { node { id sightingTotals { sightings } } } } }`,
        undefined,
        tokens.producer,
      );
      expect(r.data!.stixObjects.edges.length).toBeGreaterThanOrEqual(5);
      expect(r.data!.stixObjects.edges.find((e) => e.node.id === green.id)!.node.sightingTotals.sightings).toBe(3);
      expect(spy).toHaveBeenCalledTimes(1);
    } finally {
      spy.mockRestore();
    }
  });

  it.each([
    ['a marking wider than the indicator’s', () => ({ sightingOf: amber.id, tlp: 'GREEN' }), 'BAD_USER_INPUT', /tlp: a sighting cannot be shared more widely than the object it refers to \(TLP:AMBER\)/],
    ['a negative count', () => ({ sightingOf: green.id, count: -1 }), 'BAD_USER_INPUT', /count: must be a whole number from 0 to 999999999/],
    ['last seen before first seen', () => ({ sightingOf: green.id, firstSeen: '2026-11-20T00:00:00Z', lastSeen: '2026-11-19T00:00:00Z' }), 'BAD_USER_INPUT', /lastSeen: must not be before firstSeen/],
    ['a last seen in the future', () => ({ sightingOf: green.id, lastSeen: new Date(Date.now() + 3_600_000).toISOString() }), 'BAD_USER_INPUT', /lastSeen: is in the future/],
    ['an object that does not exist', () => ({ sightingOf: 'indicator--00000000-0000-4000-8000-000000000000' }), 'NOT_FOUND', /not found/],
    ['a place that is not an identity or location', () => ({ sightingOf: green.id, where: [green.id] }), 'BAD_USER_INPUT', /where_sighted_refs/],
  ])('refuses %s, naming it, and stores nothing', async (_name, input, code, message) => {
    const before = await storedSightings();
    const r = await report('sensor', input());
    expect(r.errors?.[0]?.extensions?.code).toBe(code);
    expect(r.errors?.[0]?.message).toMatch(message);
    expect(await storedSightings()).toBe(before);
  });

  it('answers an object hidden from the reporter exactly like a missing one', async () => {
    const red = marked('RED', indicator({}, '192.0.2.203'));
    await submitOk(t.baseUrl, tokens.producer, { bundle: bundle(red) });
    const r = await report('sensor', { sightingOf: red.id });
    expect(r.errors?.[0]).toMatchObject({ message: `STIX object ${red.id} not found`, extensions: { code: 'NOT_FOUND' } });
  });

  it('is for ANALYST and SYNC clients only', async () => {
    const r = await report('reader', { sightingOf: green.id });
    expect(r.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
