import { parseIpv6 } from '../../stix';

/** Where a report goes: the network that covers it and its owner. */
export interface Route {
  readonly networkId: string;
  readonly partnerId: string;
  readonly routedBy: 'PREFIX' | 'ASN';
}

/** One registered network as host_networks holds it (prefix as cidr text, e.g. `198.51.100.0/24`). */
export interface NetworkEntry {
  readonly id: string;
  readonly partnerId: string;
  readonly prefix: string | null;
  readonly asn: number | null;
}

/** The prefixes of one family and length, keyed by their network bits. */
interface Level<K> {
  readonly length: number;
  readonly routes: Map<K, Route>;
}

/**
 * Longest-prefix match in memory, the same rule as host_network_route in SQL: the longest registered
 * prefix containing the address wins, else the network of its AS number. Built once per import from
 * host_networks (55,000 prefixes take ~50 ms) and probed once per report: one Map lookup per prefix
 * length in use (few: /16, /24 …), far cheaper than a routing join in each storing statement.
 */
export class RoutingTable {
  private readonly v4: Level<number>[];
  private readonly v6: Level<string>[];
  private readonly byAsn = new Map<number, Route>();

  constructor(entries: Iterable<NetworkEntry>) {
    const v4 = new Map<number, Map<number, Route>>();
    const v6 = new Map<number, Map<string, Route>>();
    for (const e of entries) {
      if (e.prefix === null) {
        if (e.asn !== null) this.byAsn.set(e.asn, { networkId: e.id, partnerId: e.partnerId, routedBy: 'ASN' });
        continue;
      }
      const route: Route = { networkId: e.id, partnerId: e.partnerId, routedBy: 'PREFIX' };
      const slash = e.prefix.indexOf('/');
      const address = slash < 0 ? e.prefix : e.prefix.slice(0, slash);
      const v4Address = ipv4Number(address);
      const length = slash < 0 ? (v4Address === undefined ? 128 : 32) : Number(e.prefix.slice(slash + 1));
      if (v4Address !== undefined) levelOf(v4, length).set(v4Key(v4Address, length), route);
      else {
        const bytes = parseIpv6(address)?.bytes;
        if (bytes) levelOf(v6, length).set(v6Key(bytes, length), route);
      }
    }
    this.v4 = levels(v4);
    this.v6 = levels(v6);
  }

  /** `ip` in the canonical text of a stored report (dotted quad, or RFC 5952 IPv6). */
  route(ip: string, asn: number | null): Route | undefined {
    const v4Address = ipv4Number(ip);
    if (v4Address !== undefined) {
      for (const level of this.v4) {
        const hit = level.routes.get(v4Key(v4Address, level.length));
        if (hit) return hit;
      }
    } else if (this.v6.length) {
      const bytes = parseIpv6(ip)?.bytes;
      if (bytes) {
        for (const level of this.v6) {
          const hit = level.routes.get(v6Key(bytes, level.length));
          if (hit) return hit;
        }
      }
    }
    return asn === null ? undefined : this.byAsn.get(asn);
  }
}

function levelOf<K>(byLength: Map<number, Map<K, Route>>, length: number): Map<K, Route> {
  let routes = byLength.get(length);
  if (!routes) byLength.set(length, (routes = new Map()));
  return routes;
}

/** Longest first. */
function levels<K>(byLength: Map<number, Map<K, Route>>): Level<K>[] {
  return [...byLength].map(([length, routes]) => ({ length, routes })).sort((a, b) => b.length - a.length);
}

/** The network bits of an IPv4 address (as an unsigned number) for a prefix length 0–32. */
function v4Key(address: number, length: number): number {
  return Math.floor(address / 2 ** (32 - length));
}

/** The network bits of an IPv6 address for a prefix length 0–128, as text. */
function v6Key(bytes: readonly number[], length: number): string {
  const whole = length >> 3, rest = length & 7;
  let key = bytes.slice(0, whole).join('.');
  if (rest) key += `.${bytes[whole]! & (0xff << (8 - rest)) & 0xff}`;
  return key;
}

/** A dotted quad as an unsigned 32-bit number; undefined for anything else (IPv6). */
export function ipv4Number(s: string): number | undefined {
  let value = 0, octet = 0, digits = 0, dots = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 46) {
      if (digits === 0 || ++dots > 3) return undefined;
      value = value * 256 + octet;
      octet = 0;
      digits = 0;
    } else if (c >= 48 && c <= 57 && digits < 3) {
      octet = octet * 10 + c - 48;
      digits++;
    } else return undefined;
    if (octet > 255) return undefined;
  }
  return dots === 3 && digits > 0 ? value * 256 + octet : undefined;
}

/**
 * An import's routing table, reloaded only when host_networks changes: before each batch it asks for the
 * networks' version (host_network_version, bumped by a trigger), so every batch is routed against the
 * networks registered when it is stored, as a routing join in the storing statement would.
 */
export class ImportRouting {
  private table?: RoutingTable;
  private version?: string;

  constructor(private readonly source: { version(): Promise<string>; entries(): Promise<NetworkEntry[]> }) {}

  /** The table last loaded, if any (without asking whether it is still current). */
  get latest(): RoutingTable | undefined {
    return this.table;
  }

  async current(): Promise<RoutingTable> {
    const version = await this.source.version();
    if (!this.table || version !== this.version) {
      this.table = new RoutingTable(await this.source.entries());
      this.version = version;
    }
    return this.table;
  }
}
