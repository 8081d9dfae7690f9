import { canonicalIp, parseIpv4, parseIpv6 } from '../../stix';

/** A network a partner answers for: a CIDR prefix or an AS number. */
export type NetworkSpec = { readonly prefix: string } | { readonly asn: number };

export type Checked<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };

const ASN = /^(?:AS)?(\d{1,10})$/i;

/** `AS4134`, `as4134` or `4134`, within the 32-bit AS number space. */
export function parseAsn(text: string): number | undefined {
  const m = ASN.exec(text.trim());
  if (!m) return undefined;
  const n = Number(m[1]);
  return n <= 4294967295 ? n : undefined;
}

/**
 * A network prefix as registered: `198.51.100.0/24`, `2001:db8::/32`, or one address (a /32 or /128).
 * Host bits must be zero: `10.0.0.1/8` is refused (with the network it probably meant) rather than
 * silently widened, since registering the wrong network would route other people's machines.
 */
export function parsePrefix(text: string): Checked<string> {
  const trimmed = text.trim();
  const ip = trimmed.includes(':') ? parseIpv6(trimmed) : parseIpv4(trimmed);
  if (!ip) return { ok: false, message: `${JSON.stringify(trimmed.slice(0, 100))} is not an IPv4 or IPv6 prefix` };
  const bits = ip.version === 4 ? 32 : 128;
  const prefix = ip.prefix ?? bits;
  const network = canonicalIp({ ...ip, prefix });
  const exact = canonicalIp({ ...ip, prefix: undefined });
  if (prefix < bits && network.split('/')[0] !== exact) {
    return { ok: false, message: `${trimmed} is not a network address (host bits are set): did you mean ${network}?` };
  }
  return { ok: true, value: prefix === bits ? `${exact}/${bits}` : network };
}

/** One line of a network list: a prefix or an AS number. */
export function parseNetwork(text: string): Checked<NetworkSpec> {
  const asn = parseAsn(text);
  if (asn !== undefined) return { ok: true, value: { asn } };
  const prefix = parsePrefix(text);
  return prefix.ok ? { ok: true, value: { prefix: prefix.value } } : prefix;
}
