import { parseAddress, parseTimestamp, RowNormaliser } from './row-normaliser';

const NOW = Date.parse('2026-11-25T12:00:00Z');

describe('row normalisation', () => {
  const normaliser = new RowNormaliser({ columns: {}, unknownThreats: 'keep' }, { 'Conficker.B': 'conficker', downadup: 'Conficker' }, NOW);
  const row = (fields: Record<string, unknown>) => normaliser.normalise((f) => fields[f]);

  it('normalises address, time to UTC, threat through the feed map, port and AS', () => {
    expect(row({ ip: '::FFFF:198.51.100.7', timestamp: '2026-11-25T08:30:00+08:00', threat: ' Conficker.B ', port: '445', asn: 'AS4760', hostname: 'h.example', url: '' })).toEqual({
      ok: true,
      row: { ip: '198.51.100.7', seenAt: Date.parse('2026-11-25T00:30:00Z'), threat: 'conficker', port: 445, asn: 4760, hostname: 'h.example', url: null },
    });
    expect(row({ ip: '2001:DB8::0:1', timestamp: 1764000000, threat: 'Mirai  Botnet' })).toMatchObject({ ok: true, row: { ip: '2001:db8::1', seenAt: 1764000000000, threat: 'mirai-botnet' } });
    expect(row({ ip: '192.0.2.1', timestamp: '2026-11-25 01:02:03', threat: 'downadup' })).toMatchObject({ row: { seenAt: Date.parse('2026-11-25T01:02:03Z'), threat: 'conficker' } });
  });

  it.each([
    [{ timestamp: '2026-11-25T00:00:00Z', threat: 'x' }, 'ip: missing'],
    [{ ip: '10.0.0.256', timestamp: '2026-11-25T00:00:00Z', threat: 'x' }, 'ip: "10.0.0.256" is not an IPv4 or IPv6 address'],
    [{ ip: '10.0.0.0/8', timestamp: '2026-11-25T00:00:00Z', threat: 'x' }, 'ip: "10.0.0.0/8" is not an IPv4 or IPv6 address'],
    [{ ip: '10.0.0.1', timestamp: '2026-11-26T00:00:00Z', threat: 'x' }, 'timestamp: 2026-11-26T00:00:00Z is in the future'],
    [{ ip: '10.0.0.1', timestamp: 'yesterday', threat: 'x' }, 'timestamp: "yesterday" is not an ISO 8601 time or a Unix time in seconds'],
    [{ ip: '10.0.0.1', timestamp: '2026-02-30T00:00:00Z', threat: 'x' }, 'timestamp: "2026-02-30T00:00:00Z" is not an ISO 8601 time or a Unix time in seconds'],
    [{ ip: '10.0.0.1', timestamp: '2026-11-25T00:00:00Z' }, 'threat: missing'],
    [{ ip: '10.0.0.1', timestamp: '2026-11-25T00:00:00Z', threat: 'bad;name' }, 'threat: "bad;name" is not a threat name (letters, digits, . _ : / + -, at most 64)'],
    [{ ip: '10.0.0.1', timestamp: '2026-11-25T00:00:00Z', threat: 'x', port: '70000' }, 'port: "70000" is not a port number'],
    [{ ip: '10.0.0.1', timestamp: '2026-11-25T00:00:00Z', threat: 'x', asn: 'ASX' }, 'asn: "ASX" is not an AS number'],
  ])('refuses %j: %s', (fields, message) => {
    expect(row(fields)).toEqual({ ok: false, message });
  });

  it('allows five minutes of clock skew, and uses the default threat or rejects unknown ones when configured', () => {
    expect(row({ ip: '10.0.0.1', timestamp: '2026-11-25T12:04:00Z', threat: 'x' }).ok).toBe(true);
    const strict = new RowNormaliser({ columns: {}, unknownThreats: 'reject', defaultThreat: 'honeypot-hit' }, { 'honeypot-hit': 'scanner' }, NOW);
    expect(strict.normalise((f) => ({ ip: '10.0.0.1', timestamp: '2026-11-25T00:00:00Z' })[f as 'ip'])).toMatchObject({ ok: true, row: { threat: 'scanner' } });
    expect(strict.normalise((f) => ({ ip: '10.0.0.1', timestamp: '2026-11-25T00:00:00Z', threat: 'other' })[f as 'ip'])).toEqual({ ok: false, message: 'threat: "other" is not in this feed\'s threat map' });
  });

  it('parses addresses and times strictly', () => {
    expect(parseAddress('001.2.3.4')).toBeUndefined();
    expect(parseAddress('fe80::1%eth0')).toBeUndefined();
    expect(parseTimestamp('2026-11-25T10:00:00.123456-05:30')).toBe(Date.parse('2026-11-25T15:30:00.123Z'));
    expect(parseTimestamp('2026-11-25T10:00:00+24:00')).toBeUndefined();
  });
});

describe('the fast paths of address and time parsing', () => {
  it('read a plain dotted quad exactly as the general IPv4 rule does', () => {
    for (const ok of ['0.0.0.0', '1.2.3.4', '10.0.0.255', '255.255.255.255', '192.168.100.1']) expect(parseAddress(ok)).toBe(ok);
    for (const bad of ['256.1.1.1', '01.1.1.1', '1.1.1', '1.1.1.1.', '.1.1.1', '1..1.1', '1.1.1.1 ', '1.1.1.-1', '1.1.1.1000', '1.2.3.04']) expect(parseAddress(bad)).toBeUndefined();
  });

  it('read UTC ISO times to the millisecond, truncating longer fractions', () => {
    for (let ms = Date.UTC(1990, 0, 1); ms < Date.UTC(2030, 0, 1); ms += 86_400_000 * 37 + 3_723_457) expect(parseTimestamp(new Date(ms).toISOString())).toBe(ms);
    expect(parseTimestamp('2024-02-29T23:59:59Z')).toBe(Date.UTC(2024, 1, 29, 23, 59, 59));
    expect(parseTimestamp('2026-11-25t01:02:03.5z')).toBe(Date.UTC(2026, 10, 25, 1, 2, 3, 500));
    expect(parseTimestamp('2026-11-25 01:02:03.123456789Z')).toBe(Date.UTC(2026, 10, 25, 1, 2, 3, 123));
    expect(parseTimestamp('2026-11-25T01:02:03.12Z')).toBe(parseTimestamp('2026-11-25T01:02:03.12+00:00'));
    for (const bad of ['2026-02-29T00:00:00Z', '2100-02-29T00:00:00Z', '2026-11-25T24:00:00Z', '2026-11-25T23:59:60Z', '2026-13-01T00:00:00Z', '2026-11-25T01:02:03.Z', '2026-11-25T01:02:03.1234567890Z', '2026-11-25T01:02:03,5Z', '2026-11-2aT01:02:03Z']) {
      expect(parseTimestamp(bad)).toBeUndefined();
    }
  });
});
