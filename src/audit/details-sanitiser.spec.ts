import { AuditRecordError, MAX_DETAILS_BYTES, REDACTED, sanitiseDetails, sanitiseShort, sanitiseTargets } from './details-sanitiser';

describe('sanitiseDetails', () => {
  it('drops secret-looking keys at any depth, whatever their case or punctuation', () => {
    const out = sanitiseDetails({
      clientId: 'c1',
      client_secret: 's3cr3t',
      Password: 'pw',
      nested: { accessToken: 't', Authorization: 'Bearer x', 'client-assertion': 'a', keep: 'yes', apiKey: 'k' },
      list: [{ refresh_token: 'r', n: 1 }],
    });
    expect(out).toEqual({ clientId: 'c1', nested: { keep: 'yes' }, list: [{ n: 1 }] });
    expect(JSON.stringify(out)).not.toMatch(/s3cr3t|pw|Bearer/);
  });

  it('redacts credential-looking values under innocent keys', () => {
    const jwt = 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJjbGllbnQifQ.c2lnbmF0dXJl';
    const out = sanitiseDetails({ header: 'Bearer abc.def', note: jwt, pem: '-----BEGIN PRIVATE KEY-----\nMIIB', reason: 'bad secret' });
    expect(out).toEqual({ header: REDACTED, note: REDACTED, pem: REDACTED, reason: 'bad secret' });
  });

  it('reduces values to plain JSON that PostgreSQL stores as given', () => {
    const out = sanitiseDetails({ at: new Date('2026-01-02T03:04:05.000Z'), n: 10n, inf: Infinity, f: () => 1, u: undefined, nul: 'a\u0000b', lone: 'x\ud800y', bin: Buffer.from('payload') });
    expect(out).toEqual({ at: '2026-01-02T03:04:05.000Z', n: '10', inf: null, nul: 'a\ufffdb', lone: 'x\ufffdy', bin: '[binary]' });
  });

  it('refuses oversized details instead of cutting them', () => {
    expect(() => sanitiseDetails({ payload: 'x'.repeat(MAX_DETAILS_BYTES) })).toThrow(AuditRecordError);
    expect(() => sanitiseDetails({ payload: 'x'.repeat(MAX_DETAILS_BYTES) })).toThrow(/exceed the 16384-byte limit/);
  });

  it('refuses deep nesting (and so cycles) and non-objects', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => sanitiseDetails(cyclic)).toThrow(/deeper than/);
    expect(() => sanitiseDetails(['a'] as unknown as Record<string, unknown>)).toThrow(/must be an object/);
    expect(sanitiseDetails(undefined)).toEqual({});
  });
});

describe('sanitiseTargets and sanitiseShort', () => {
  it('keeps target order and refuses too many or too long ids', () => {
    expect(sanitiseTargets(['b', 'a'])).toEqual(['b', 'a']);
    expect(() => sanitiseTargets(Array.from({ length: 1001 }, (_, i) => `t${i}`))).toThrow(/at most 1000/);
    expect(() => sanitiseTargets(['x'.repeat(257)])).toThrow(/1 to 256/);
    expect(() => sanitiseTargets([''])).toThrow(/1 to 256/);
  });

  it('turns empty into null and cuts to the limit', () => {
    expect(sanitiseShort('', 10)).toBeNull();
    expect(sanitiseShort(undefined, 10)).toBeNull();
    expect(sanitiseShort('abcdef', 3)).toBe('abc');
  });
});
