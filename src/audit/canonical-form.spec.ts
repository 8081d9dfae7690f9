import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { canonicalEvent, canonicalJson, chainHash, GENESIS_HASH, type HashedFields, type JsonObject, type JsonValue } from './canonical-form';

const event: HashedFields = {
  sequence: 7,
  time: '2026-11-25T17:04:08.123456Z',
  actorClientId: 'client-1',
  partnerId: null,
  action: 'stix.read',
  channel: 'graphql',
  requestId: 'req-1',
  sourceAddress: '192.0.2.1',
  outcome: 'ok',
  targetIds: ['indicator--b', 'indicator--a'],
  details: { purpose: 'case 42', z: 1, a: [true, null] },
};

describe('canonicalJson', () => {
  it('sorts keys at every depth and adds no whitespace', () => {
    expect(canonicalJson({ b: { d: 1, c: [{ y: 2, x: 'é' }] }, a: null })).toBe('{"a":null,"b":{"c":[{"x":"é","y":2}],"d":1}}');
  });

  it('does not depend on the order keys were inserted in (jsonb reorders them)', () => {
    expect(canonicalJson({ a: 1, b: 2, aa: 3 })).toBe(canonicalJson({ aa: 3, b: 2, a: 1 }));
  });

  it('writes numbers as JavaScript does and refuses non-finite ones', () => {
    expect(canonicalJson([1.5, 1e21, 1e-7, -0])).toBe('[1.5,1e+21,1e-7,0]');
    expect(() => canonicalJson(Number.NaN)).toThrow(/non-finite/);
  });
});

describe('canonicalEvent and chainHash', () => {
  it('covers every stored field, in a fixed documented shape', () => {
    expect(canonicalEvent(event)).toBe(
      '{"action":"stix.read","actorClientId":"client-1","channel":"graphql","details":{"a":[true,null],"purpose":"case 42","z":1},' +
        '"outcome":"ok","partnerId":null,"requestId":"req-1","sequence":"7","sourceAddress":"192.0.2.1",' +
        '"targetIds":["indicator--b","indicator--a"],"time":"2026-11-25T17:04:08.123456Z","v":1}',
    );
  });

  it('is SHA-256 over the previous hash bytes then the canonical form', () => {
    const expected = createHash('sha256').update(Buffer.alloc(32)).update(canonicalEvent(event)).digest('hex');
    expect(chainHash(GENESIS_HASH, event)).toBe(expected);
  });

  it('changes when any field, the order of targets, or the previous hash changes', () => {
    const base = chainHash(GENESIS_HASH, event);
    const variants: Partial<HashedFields>[] = [
      { sequence: 8 },
      { time: '2026-11-25T17:04:08.123457Z' },
      { actorClientId: null },
      { partnerId: 'p' },
      { action: 'stix.submit' },
      { channel: 'taxii' },
      { requestId: null },
      { sourceAddress: '192.0.2.2' },
      { outcome: 'denied' },
      { targetIds: ['indicator--a', 'indicator--b'] },
      { details: { purpose: 'case 43', z: 1, a: [true, null] } },
    ];
    for (const change of variants) expect(chainHash(GENESIS_HASH, { ...event, ...change })).not.toBe(base);
    expect(chainHash('1'.repeat(64), event)).not.toBe(base);
  });

  it('refuses a malformed previous hash', () => {
    expect(() => chainHash('xyz', event)).toThrow(/64 lowercase hex/);
  });
});

describe('canonicalEvent (hand-ordered for speed)', () => {
  it('equals canonicalJson of the documented object for arbitrary events', () => {
    const text = fc.option(fc.string(), { nil: null });
    const json = fc.jsonValue().map((v) => JSON.parse(JSON.stringify(v)) as JsonValue);
    fc.assert(
      fc.property(fc.nat(), fc.string(), text, text, fc.string(), fc.string(), text, text, fc.string(), fc.array(fc.string()), fc.dictionary(fc.string(), json), (sequence, time, actorClientId, partnerId, action, channel, requestId, sourceAddress, outcome, targetIds, details) => {
        const e = { sequence, time, actorClientId, partnerId, action, channel, requestId, sourceAddress, outcome, targetIds, details: details as JsonObject };
        expect(canonicalEvent(e)).toBe(canonicalJson({ v: 1, ...e, sequence: String(sequence), targetIds }));
      }),
    );
  });
});
