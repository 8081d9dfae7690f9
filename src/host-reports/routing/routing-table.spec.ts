import { ImportRouting, type NetworkEntry, RoutingTable } from './routing-table';

const net = (id: string, prefix: string | null, asn: number | null = null): NetworkEntry => ({ id, partnerId: `owner-${id}`, prefix, asn });

describe('the in-memory routing table', () => {
  const table = new RoutingTable([
    net('1', '198.51.0.0/16'),
    net('2', '198.51.100.0/24'),
    net('3', '198.51.100.7/32'),
    net('4', '2001:db8::/32'),
    net('5', '2001:db8:100::/40'),
    net('6', '2001:db8:1ff::/48'),
    net('7', null, 64500),
    net('8', '0.0.0.0/0'),
  ]);
  const id = (ip: string, asn: number | null = null) => table.route(ip, asn)?.networkId;

  it('routes to the longest registered prefix containing the address', () => {
    expect(id('198.51.100.7')).toBe('3');
    expect(id('198.51.100.8')).toBe('2');
    expect(id('198.51.7.1')).toBe('1');
    expect(id('2001:db8:1ff::1')).toBe('6');
    expect(id('2001:db8:1fe::1')).toBe('5');
    expect(id('2001:db8:200::1')).toBe('4');
    expect(table.route('198.51.100.7', null)).toEqual({ networkId: '3', partnerId: 'owner-3', routedBy: 'PREFIX' });
  });

  it('falls back to the AS number only when no prefix matches, and is unrouted without either', () => {
    const noDefault = new RoutingTable([net('1', '198.51.0.0/16'), net('7', null, 64500), net('9', '2001:db8::/32')]);
    expect(noDefault.route('203.0.113.1', 64500)).toEqual({ networkId: '7', partnerId: 'owner-7', routedBy: 'ASN' });
    expect(noDefault.route('198.51.0.1', 64500)?.routedBy).toBe('PREFIX');
    expect(noDefault.route('203.0.113.1', 64501)).toBeUndefined();
    expect(noDefault.route('203.0.113.1', null)).toBeUndefined();
    expect(noDefault.route('2001:db9::1', null)).toBeUndefined();
  });

  it('handles a /0 and the edges of the address space', () => {
    expect(id('0.0.0.0')).toBe('8');
    expect(id('255.255.255.255')).toBe('8');
    expect(id('2001:db9::1', 64500)).toBe('7'); // an IPv4 default route never covers IPv6
  });
});

describe("an import's routing", () => {
  it('reloads the networks only when their version changes', async () => {
    let version = 'a';
    const loads: string[] = [];
    const routing = new ImportRouting({
      version: async () => version,
      entries: async () => {
        loads.push(version);
        return version === 'a' ? [net('1', '10.0.0.0/8')] : [net('2', '10.1.0.0/16')];
      },
    });
    expect((await routing.current()).route('10.1.2.3', null)?.networkId).toBe('1');
    expect((await routing.current()).route('10.1.2.3', null)?.networkId).toBe('1');
    version = 'b';
    expect((await routing.current()).route('10.1.2.3', null)?.networkId).toBe('2');
    expect(loads).toEqual(['a', 'b']);
  });
});
