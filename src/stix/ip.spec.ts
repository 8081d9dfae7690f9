import { canonicalIp, parseIpv4, parseIpv6 } from './ip';

describe('IP parsing and canonical text', () => {
  it.each([
    ['::', '::'],
    ['::1', '::1'],
    ['1::', '1::'],
    ['2001:DB8:0:0:0:0:2:1', '2001:db8::2:1'],
    ['2001:db8:0:1:1:1:1:1', '2001:db8:0:1:1:1:1:1'],
    ['2001:0:0:1:0:0:0:1', '2001:0:0:1::1'],
    ['2001:db8::/32', '2001:db8::/32'],
    ['2001:db8::1/128', '2001:db8::1'],
  ])('IPv6 %s → %s', (text, canonical) => {
    expect(canonicalIp(parseIpv6(text)!)).toBe(canonical);
  });

  it.each(['', ':::', '1:2:3:4:5:6:7:8:9', '1::2::3', '12345::', '::1/129', '::ffff:1.2.3.4', 'fe80::1%eth0'])('refuses IPv6 %j', (text) => {
    expect(parseIpv6(text)).toBeUndefined();
  });

  it('reads a dotted tail when asked', () => {
    expect(canonicalIp(parseIpv6('::ffff:1.2.3.4', true)!)).toBe('::ffff:102:304');
  });

  it.each([['192.168.1.1', '192.168.1.1'], ['192.168.1.77/24', '192.168.1.0/24'], ['10.0.0.1/0', '0.0.0.0/0']])('IPv4 %s → %s', (text, canonical) => {
    expect(canonicalIp(parseIpv4(text)!)).toBe(canonical);
  });

  it.each(['1.2.3', '01.2.3.4', '1.2.3.4/33', '256.1.1.1'])('refuses IPv4 %j', (text) => {
    expect(parseIpv4(text)).toBeUndefined();
  });
});
