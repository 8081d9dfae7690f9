import { randomUUID } from 'node:crypto';
import { gql } from '../support/graphql-client';
import { aPartner, tokenFor } from '../support/partners';
import { startTestApp, type TestApp } from '../support/test-app';
import { bundle, indicator, marked, submitOk } from './stix-fixtures';

const T = '2026-01-01T00:00:00.000Z';

function sdo(type: string, extra: Record<string, unknown>): Record<string, unknown> {
  return { type, spec_version: '2.1', id: `${type}--${randomUUID()}`, created: T, modified: T, ...extra };
}

function relationship(source: Record<string, unknown>, type: string, target: Record<string, unknown>): Record<string, unknown> {
  return sdo('relationship', { relationship_type: type, source_ref: source.id, target_ref: target.id });
}

describe('relationships(objectId) and the validAt filter', () => {
  let t: TestApp;
  const tokens: Record<string, string> = {};
  const label = `rel-${randomUUID()}`;
  const early = indicator({ labels: [label], valid_from: '2026-01-01T00:00:00Z', valid_until: '2026-06-01T00:00:00Z' }, '192.0.2.210');
  const late = indicator({ labels: [label], valid_from: '2026-03-01T00:00:00Z' }, '192.0.2.211');
  const malware = sdo('malware', { name: 'ShadowPad', is_family: true, labels: [label] });
  const technique = sdo('attack-pattern', { name: 'Spearphishing Attachment' });
  const earlyIndicates = marked('GREEN', relationship(early, 'indicates', malware));
  const lateIndicates = marked('RED', relationship(late, 'indicates', malware));
  const uses = marked('CLEAR', relationship(malware, 'uses', technique));

  const relationshipsOf = async (who: string, id: unknown, types?: string[]): Promise<string[]> => {
    const r = await gql<{ relationships: { id: string }[] }>(
      t.baseUrl,
      `query($id: String!, $types: [String!]) { relationships(objectId: $id, relationshipTypes: $types) { id } }`,
      { id, types },
      tokens[who],
    );
    if (!r.data) throw new Error(JSON.stringify(r.errors));
    return r.data.relationships.map((o) => o.id).sort();
  };
  const validAt = async (at: string): Promise<string[]> => {
    const r = await gql<{ stixObjects: { edges: { node: { id: string } }[] } }>(
      t.baseUrl,
      `query($f: StixFilterInput) { stixObjects(filter: $f) { edges { node { id } } } }`,
      { f: { labels: [label], validAt: at } },
      tokens.producer,
    );
    if (!r.data) throw new Error(JSON.stringify(r.errors));
    return r.data.stixObjects.edges.map((e) => e.node.id).sort();
  };
  const ids = (...objects: Record<string, unknown>[]) => objects.map((o) => o.id as string).sort();

  beforeAll(async () => {
    t = await startTestApp();
    tokens.producer = await tokenFor(t.baseUrl, await aPartner(t.app, { trust: 'TRUSTED' }));
    tokens.community = await tokenFor(t.baseUrl, await aPartner(t.app, { trust: 'COMMUNITY', roles: ['READER'] }));
    await submitOk(t.baseUrl, tokens.producer, { bundle: bundle(early, late, malware, technique, earlyIndicates, lateIndicates, uses), defaultMarking: 'GREEN' });
  });
  afterAll(() => t.close());

  it('lists the relationships from and to an object, only those the viewer may see', async () => {
    expect(await relationshipsOf('producer', malware.id)).toEqual(ids(earlyIndicates, lateIndicates, uses));
    expect(await relationshipsOf('community', malware.id)).toEqual(ids(earlyIndicates, uses));
    expect(await relationshipsOf('producer', early.id)).toEqual(ids(earlyIndicates));
    expect(await relationshipsOf('producer', technique.id)).toEqual(ids(uses));
  });

  it('narrows by relationship type, and knows nothing of an unknown object', async () => {
    expect(await relationshipsOf('producer', malware.id, ['uses'])).toEqual(ids(uses));
    expect(await relationshipsOf('producer', malware.id, ['indicates'])).toEqual(ids(earlyIndicates, lateIndicates));
    expect(await relationshipsOf('producer', `malware--${randomUUID()}`)).toEqual([]);
  });

  it('keeps only objects valid at the time asked: valid_from at or before it, valid_until after it', async () => {
    expect(await validAt('2025-12-31T23:59:59Z')).toEqual([]);
    expect(await validAt('2026-02-01T00:00:00Z')).toEqual(ids(early));
    expect(await validAt('2026-04-01T00:00:00Z')).toEqual(ids(early, late));
    expect(await validAt('2026-06-01T00:00:00Z')).toEqual(ids(late));
  });

  it('refuses a validAt that is not a date-time, as a variable or written in the query, naming the form expected', async () => {
    const asVariable = await gql(t.baseUrl, `query($f: StixFilterInput) { stixObjects(filter: $f) { edges { cursor } } }`, { f: { validAt: 'yesterday' } }, tokens.producer);
    expect(asVariable.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(asVariable.errors?.[0]?.message).toMatch(/DateTime must be an RFC 3339 date-time with a time zone/);
    const inQuery = await gql(t.baseUrl, `{ stixObjects(filter: {validAt: "2026-13-45T99:00:00Z"}) { edges { cursor } } }`, undefined, tokens.producer);
    expect(inQuery.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(inQuery.errors?.[0]?.message).toMatch(/is not a real date/);
  });
});
