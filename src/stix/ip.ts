/**
 * IP address parsing and canonical text (RFC 5952 for IPv6), for indexing observables: the same
 * address must yield the same string however a partner wrote it.
 */
import { IPV4_CIDR } from './validation/formats';

export interface ParsedIp {
  version: 4 | 6;
  /** 4 or 16 bytes. */
  bytes: number[];
  /** Prefix length when written as a CIDR range. */
  prefix?: number;
}

export function parseIpv4(text: string): ParsedIp | undefined {
  if (!IPV4_CIDR.test(text)) return undefined;
  const [addr, prefix] = text.split('/');
  return { version: 4, bytes: addr.split('.').map(Number), prefix: prefix === undefined ? undefined : Number(prefix) };
}

const GROUP = /^[0-9a-fA-F]{1,4}$/;

/**
 * Parses IPv6 in hex-group form with optional `::` and `/prefix`. The dotted-quad tail (`::ffff:1.2.3.4`)
 * and zone ids are refused when `allowDotted` is false, because the OASIS schema's IPv6 expression cannot
 * match them and we only accept what the schema accepts.
 */
export function parseIpv6(text: string, allowDotted = false): ParsedIp | undefined {
  const slash = text.indexOf('/');
  let prefix: number | undefined;
  let addr = text;
  if (slash >= 0) {
    const p = text.slice(slash + 1);
    if (!/^(?:12[0-8]|1[01]\d|[1-9]?\d)$/.test(p)) return undefined;
    prefix = Number(p);
    addr = text.slice(0, slash);
  }
  if (allowDotted && addr.includes('.')) {
    const cut = addr.lastIndexOf(':');
    const v4 = parseIpv4(addr.slice(cut + 1));
    if (cut < 0 || !v4 || v4.prefix !== undefined) return undefined;
    const [a, b, c, d] = v4.bytes;
    addr = `${addr.slice(0, cut + 1)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const want = 8;
  const halves = addr.split('::');
  if (halves.length > 2) return undefined;
  const parse = (s: string): number[] | undefined => {
    if (s === '') return [];
    const out: number[] = [];
    for (const g of s.split(':')) {
      if (!GROUP.test(g)) return undefined;
      out.push(parseInt(g, 16));
    }
    return out;
  };
  let groups: number[] | undefined;
  if (halves.length === 2) {
    const head = parse(halves[0]), rest = parse(halves[1]);
    if (!head || !rest || head.length + rest.length > want - 1) return undefined;
    groups = [...head, ...new Array<number>(want - head.length - rest.length).fill(0), ...rest];
  } else {
    groups = parse(addr);
    if (!groups || groups.length !== want) return undefined;
  }
  const bytes: number[] = [];
  for (const g of groups) bytes.push(g >> 8, g & 0xff);
  return { version: 6, bytes, prefix };
}

/** Canonical text: host bits below a prefix cleared, a full-length prefix dropped, IPv6 per RFC 5952. */
export function canonicalIp(ip: ParsedIp): string {
  const bits = ip.version === 4 ? 32 : 128;
  const bytes = ip.prefix === undefined ? ip.bytes : maskBytes(ip.bytes, ip.prefix);
  const suffix = ip.prefix === undefined || ip.prefix === bits ? '' : `/${ip.prefix}`;
  if (ip.version === 4) return bytes.join('.') + suffix;
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((bytes[i] << 8) | bytes[i + 1]);
  // RFC 5952 §4.2: compress the longest run (of two or more) of zero groups, the first on a tie.
  let bestStart = -1, bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) { i++; continue; }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) { bestStart = i; bestLen = j - i; }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':') + suffix;
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLen).join(':')}${suffix}`;
}

function maskBytes(bytes: number[], prefix: number): number[] {
  return bytes.map((b, i) => {
    const keep = Math.max(0, Math.min(8, prefix - i * 8));
    return b & ((0xff << (8 - keep)) & 0xff);
  });
}
