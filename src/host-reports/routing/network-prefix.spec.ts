import { parseAsn, parseNetwork, parsePrefix } from './network-prefix';

describe('network prefixes', () => {
  it.each([
    ['198.51.100.0/24', '198.51.100.0/24'],
    ['10.0.0.0/8', '10.0.0.0/8'],
    ['192.0.2.7', '192.0.2.7/32'],
    [' 2001:DB8::/32 ', '2001:db8::/32'],
    ['2001:db8::1', '2001:db8::1/128'],
    ['0.0.0.0/0', '0.0.0.0/0'],
  ])('accepts %j as %s', (text, prefix) => {
    expect(parsePrefix(text)).toEqual({ ok: true, value: prefix });
  });

  it('refuses a prefix with host bits set and names the network meant', () => {
    expect(parsePrefix('10.0.0.1/8')).toEqual({ ok: false, message: '10.0.0.1/8 is not a network address (host bits are set): did you mean 10.0.0.0/8?' });
    expect(parsePrefix('2001:db8::1/32')).toMatchObject({ ok: false, message: expect.stringContaining('did you mean 2001:db8::/32?') });
  });

  it.each(['10.0.0.0/33', '300.1.1.1', 'example.net', '', '1.2.3.4/8/9'])('refuses %j', (text) => {
    expect(parsePrefix(text)).toMatchObject({ ok: false, message: expect.stringContaining('is not') });
  });

  it('reads AS numbers with or without the AS prefix, within 32 bits', () => {
    expect(parseAsn('AS4134')).toBe(4134);
    expect(parseAsn('as64512')).toBe(64512);
    expect(parseAsn('4294967295')).toBe(4294967295);
    expect(parseAsn('4294967296')).toBeUndefined();
    expect(parseAsn('AS-1')).toBeUndefined();
    expect(parseNetwork('AS9304')).toEqual({ ok: true, value: { asn: 9304 } });
    expect(parseNetwork('203.0.113.0/24')).toEqual({ ok: true, value: { prefix: '203.0.113.0/24' } });
  });
});
