import { randomUUID } from 'node:crypto';
import { scoId } from '../../src/stix';
import { gql } from '../support/graphql-client';
import { aPartner, tokenFor } from '../support/partners';
import { startTestApp, type TestApp } from '../support/test-app';
import { bundle, indicator, lookup, marked, submitOk } from './stix-fixtures';

describe('lookupObservable', () => {
  let t: TestApp;
  let producer: string;
  let reader: string;
  const sha256 = 'a'.repeat(64);
  const range = marked('GREEN', indicator({ pattern: "[ipv4-addr:value = '10.0.0.0/8']" }));
  const v6 = marked('GREEN', indicator({ pattern: "[ipv6-addr:value = '2001:db8::/32']" }));
  const domain = marked('GREEN', indicator({ pattern: "[domain-name:value = 'Evil.Example.COM']" }));
  const url = marked('GREEN', indicator({ pattern: "[url:value = 'http://evil.example.com/payload.bin']" }));
  const hash = marked('GREEN', indicator({ pattern: `[file:hashes.'SHA-256' = '${sha256.toUpperCase()}']` }));
  const email = marked('GREEN', indicator({ pattern: "[email-addr:value = 'Phisher@Example.ORG']" }));
  const negated = marked('GREEN', indicator({ pattern: "[domain-name:value != 'evil.example.com']" }));
  const hidden = marked('RED', indicator({ pattern: "[domain-name:value = 'evil.example.com']" }));
  const observedId = `observed-data--${randomUUID()}`;
  const observed = marked('GREEN', {
    type: 'observed-data', spec_version: '2.1', id: observedId, created: '2026-11-01T00:00:00.000Z', modified: '2026-11-01T00:00:00.000Z',
    first_observed: '2026-11-01T00:00:00Z', last_observed: '2026-11-01T00:00:00Z', number_observed: 1,
    objects: { '0': { type: 'ipv4-addr', id: scoId({ type: 'ipv4-addr', value: '192.0.2.99' }), value: '192.0.2.99' } },
  });
  const sighting = marked('GREEN', {
    type: 'sighting', spec_version: '2.1', id: `sighting--${randomUUID()}`, created: '2026-11-01T00:00:00.000Z', modified: '2026-11-01T00:00:00.000Z',
    sighting_of_ref: domain.id, count: 3,
  });

  beforeAll(async () => {
    t = await startTestApp();
    producer = await tokenFor(t.baseUrl, await aPartner(t.app, { trust: 'TRUSTED' }));
    reader = await tokenFor(t.baseUrl, await aPartner(t.app, { trust: 'COMMUNITY', roles: ['READER'] }));
    await submitOk(t.baseUrl, producer, { bundle: bundle(range, v6, domain, url, hash, email, negated, hidden, sighting), partial: false });
    const r = await gql(t.baseUrl, `mutation($b: JSON!) { submitBundle(input: {bundle: $b}) { created rejections { path message } } }`, { b: bundle(observed) }, producer);
    expect(r.errors).toBeUndefined();
    expect(r.data).toEqual({ submitBundle: { created: 1, rejections: [] } });
  });
  afterAll(() => t.close());

  it.each([
    ['an IP inside an indicator’s CIDR', '10.1.2.3', () => [range.id]],
    ['a range around an indicator’s range', '10.0.0.0/7', () => [range.id]],
    ['an IPv6 address inside a range', '2001:db8:0:0::1', () => [v6.id]],
    ['an IP in observed-data', '192.0.2.99', () => [observedId]],
    ['a range holding an observed address', '192.0.2.0/24', () => [observedId]],
    ['an IPv6 range inside an indicator’s range', '2001:db8:1::/48', () => [v6.id]],
    ['nothing for the neighbouring ranges', '11.0.0.0/8', () => []],
    ['nothing for a range beside an observed address', '192.0.3.0/24', () => []],
    ['a domain, any case, with its sightings, not negated or hidden ones', 'EVIL.example.com.', () => [domain.id, sighting.id]],
    ['a URL', 'http://evil.example.com/payload.bin', () => [url.id]],
    ['a hash in any case', sha256, () => [hash.id]],
    ['an e-mail address with a folded domain', 'Phisher@example.org', () => [email.id]],
    ['nothing for an unrelated address', '172.16.0.1', () => []],
  ])('finds %s', async (_what, value, expected) => {
    expect((await lookup(t.baseUrl, reader, value)).sort()).toEqual((expected() as string[]).sort());
  });

  it('refuses what is not an observable value', async () => {
    const r = await gql(t.baseUrl, `{ lookupObservable(value: "not a value!") { id } }`, undefined, reader);
    expect(r.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' }, message: expect.stringContaining('is not an IP address') });
  });

  it('stops finding a revoked indicator', async () => {
    const r = await gql(t.baseUrl, `mutation { revokeObject(id: "${url.id}") { revoked } }`, undefined, producer);
    expect(r.data).toEqual({ revokeObject: { revoked: true } });
    expect(await lookup(t.baseUrl, reader, 'http://evil.example.com/payload.bin')).toEqual([]);
  });
});
