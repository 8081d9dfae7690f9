import { canonicalIp, parseIpv4, parseIpv6 } from '../../stix';
import { parseAsn } from '../routing/network-prefix';
import { type FeedMapping, isThreatName, normaliseThreatName, type ReportField, type ThreatMap } from './feed-config';

/** A validated, normalised report row, ready to be routed and stored. */
export interface ReportRow {
  /** Canonical text (IPv4-mapped IPv6 becomes IPv4; IPv6 per RFC 5952). */
  readonly ip: string;
  /** Milliseconds since the epoch (UTC). */
  readonly seenAt: number;
  readonly threat: string;
  readonly port: number | null;
  readonly asn: number | null;
  readonly hostname: string | null;
  readonly url: string | null;
}

export type Normalised = { readonly ok: true; readonly row: ReportRow } | { readonly ok: false; readonly message: string };

/** How far ahead of our clock a report may be dated (sensors' clocks drift). */
export const FUTURE_SKEW_MS = 5 * 60 * 1000;
const EARLIEST = Date.UTC(1990, 0, 1);
/** Threat names whose outcome an import remembers (a feed with more distinct names is just slower). */
const THREATS_REMEMBERED = 10_000;

/** Per-feed normalisation settings, compiled once per import. */
export class RowNormaliser {
  private readonly threats = new Map<string, string>();
  private readonly seenThreats = new Map<string, string | Normalised>();

  constructor(
    private readonly mapping: FeedMapping,
    threatMap: ThreatMap,
    private readonly now: number = Date.now(),
  ) {
    for (const [from, to] of Object.entries(threatMap)) this.threats.set(normaliseThreatName(from), normaliseThreatName(to));
  }

  /** A feed names few threats over and over: each name is mapped and checked once per import. */
  private threat(text: string): string | Normalised {
    let known = this.seenThreats.get(text);
    if (known === undefined) {
      const name = normaliseThreatName(text);
      const mapped = this.threats.get(name);
      if (mapped === undefined && this.mapping.unknownThreats === 'reject') known = fail(`threat: ${JSON.stringify(text.slice(0, 60))} is not in this feed's threat map`);
      else known = isThreatName(mapped ?? name) ? (mapped ?? name) : fail(`threat: ${JSON.stringify(text.slice(0, 60))} is not a threat name (letters, digits, . _ : / + -, at most 64)`);
      if (this.seenThreats.size < THREATS_REMEMBERED) this.seenThreats.set(text, known);
    }
    return known;
  }

  /** `get` reads one of our fields from the row (undefined or '' when absent). */
  normalise(get: (field: ReportField) => unknown): Normalised {
    const text = (field: ReportField): string | undefined => {
      const v = get(field);
      if (v === undefined || v === null) return undefined;
      const s = (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : JSON.stringify(v)).trim();
      return s === '' ? undefined : s;
    };
    const ipText = text('ip');
    if (ipText === undefined) return fail('ip: missing');
    const ip = parseAddress(ipText);
    if (ip === undefined) return fail(`ip: ${JSON.stringify(ipText.slice(0, 60))} is not an IPv4 or IPv6 address`);
    const tsText = text('timestamp');
    if (tsText === undefined) return fail('timestamp: missing');
    const seenAt = parseTimestamp(tsText);
    if (seenAt === undefined) return fail(`timestamp: ${JSON.stringify(tsText.slice(0, 40))} is not an ISO 8601 time or a Unix time in seconds`);
    if (seenAt > this.now + FUTURE_SKEW_MS) return fail(`timestamp: ${tsText.slice(0, 40)} is in the future`);
    if (seenAt < EARLIEST) return fail(`timestamp: ${tsText.slice(0, 40)} is before 1990`);
    const threatText = text('threat') ?? this.mapping.defaultThreat;
    if (threatText === undefined) return fail('threat: missing');
    const threat = this.threat(threatText);
    if (typeof threat !== 'string') return threat;
    const portText = text('port');
    const port = portText === undefined ? null : /^\d{1,5}$/.test(portText) && Number(portText) <= 65535 ? Number(portText) : undefined;
    if (port === undefined) return fail(`port: ${JSON.stringify(portText!.slice(0, 20))} is not a port number`);
    const asnText = text('asn');
    const asn = asnText === undefined ? null : parseAsn(asnText);
    if (asn === undefined) return fail(`asn: ${JSON.stringify(asnText!.slice(0, 20))} is not an AS number`);
    const hostname = text('hostname') ?? null;
    if (hostname !== null && (hostname.length > 253 || /\s/.test(hostname) || hasControl(hostname))) return fail('hostname: not a host name (at most 253 characters, no spaces or control characters)');
    const url = text('url') ?? null;
    if (url !== null && (url.length > 2048 || hasControl(url))) return fail('url: longer than 2048 characters or holds control characters');
    return { ok: true, row: { ip, seenAt, threat, port, asn, hostname, url } };
  }
}

function hasControl(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return true;
  }
  return false;
}

function fail(message: string): Normalised {
  return { ok: false, message };
}

/** One address, no prefix. An IPv4-mapped IPv6 address (::ffff:a.b.c.d) is the IPv4 host it names. */
export function parseAddress(text: string): string | undefined {
  if (isCanonicalIpv4(text)) return text;
  if (text.includes('/')) return undefined;
  if (!text.includes(':')) {
    const v4 = parseIpv4(text);
    return v4 ? canonicalIp(v4) : undefined;
  }
  const v6 = parseIpv6(text, true);
  if (!v6) return undefined;
  const b = v6.bytes;
  if (b.slice(0, 10).every((x) => x === 0) && b[10] === 0xff && b[11] === 0xff) return b.slice(12).join('.');
  return canonicalIp(v6);
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * ISO 8601 / RFC 3339 (a time without an offset is taken as UTC, as feeds in the wild mean it) or Unix
 * time in seconds (10 digits, optional fraction). Returns epoch milliseconds, or undefined if invalid.
 */
export function parseTimestamp(text: string): number | undefined {
  const utc = parseUtcTimestamp(text);
  if (utc !== undefined) return utc;
  if (/^\d{9,10}(?:\.\d{1,6})?$/.test(text)) return Math.round(Number(text) * 1000);
  const m = ISO.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s = '0', frac = '', zone] = m;
  const ms = Number(frac.slice(0, 3).padEnd(3, '0'));
  const local = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), 0);
  const check = new Date(local);
  // Date.UTC rolls 31 February over into March: compare the fields back to refuse impossible dates.
  if (check.getUTCFullYear() !== Number(y) || check.getUTCMonth() !== Number(mo) - 1 || check.getUTCDate() !== Number(d) || check.getUTCHours() !== Number(h) || check.getUTCMinutes() !== Number(mi) || check.getUTCSeconds() !== Number(s)) {
    return undefined;
  }
  let offset = 0;
  if (zone && zone.toUpperCase() !== 'Z') {
    const sign = zone[0] === '-' ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const oh = Number(digits.slice(0, 2)), om = Number(digits.slice(2));
    if (oh > 23 || om > 59) return undefined;
    offset = sign * (oh * 60 + om) * 60000;
  }
  return local + ms - offset;
}

// Fast paths for what nearly every feed row holds (a plain dotted quad, a UTC ISO time): checked character by
// character without regular expressions or intermediate arrays, they return exactly what the general parsers
// would, or undefined/false to let those decide (and word the error).

/** A dotted quad without leading zeros (what IPV4_CIDR accepts, without a prefix) is already canonical. */
function isCanonicalIpv4(s: string): boolean {
  const n = s.length;
  if (n < 7 || n > 15) return false;
  let octets = 0, value = 0, digits = 0;
  for (let i = 0; i <= n; i++) {
    const c = i < n ? s.charCodeAt(i) : 46;
    if (c === 46) {
      if (digits === 0 || value > 255) return false;
      octets++;
      value = 0;
      digits = 0;
    } else if (c >= 48 && c <= 57) {
      if (digits > 0 && value === 0) return false; // a leading zero
      value = value * 10 + c - 48;
      if (++digits > 3) return false;
    } else return false;
  }
  return octets === 4;
}

function digitsAt(s: string, from: number, count: number): number {
  let v = 0;
  for (let i = from; i < from + count; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** `YYYY-MM-DDTHH:MM:SS[.fraction]Z` (or a space for T): epoch ms, or undefined for anything else. */
function parseUtcTimestamp(s: string): number | undefined {
  const n = s.length;
  if (n < 20 || (s.charCodeAt(n - 1) | 0x20) !== 122 /* z */) return undefined;
  const sep = s.charCodeAt(10);
  if (s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || (sep !== 84 && sep !== 116 && sep !== 32) || s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58) return undefined;
  const y = digitsAt(s, 0, 4), mo = digitsAt(s, 5, 2), d = digitsAt(s, 8, 2), h = digitsAt(s, 11, 2), mi = digitsAt(s, 14, 2), sec = digitsAt(s, 17, 2);
  if (y < 100 || mo < 1 || mo > 12 || d < 1 || h < 0 || h > 23 || mi < 0 || mi > 59 || sec < 0 || sec > 59) return undefined;
  const leap = mo === 2 && y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  if (d > DAYS[mo - 1]! + (leap ? 1 : 0)) return undefined;
  let ms = 0;
  if (n > 20) {
    // A fraction of 1 to 9 digits; milliseconds are its first three, truncated.
    if (s.charCodeAt(19) !== 46 || n - 21 < 1 || n - 21 > 9 || digitsAt(s, 20, n - 21) < 0) return undefined;
    for (let i = 0; i < 3; i++) ms = ms * 10 + (20 + i < n - 1 ? s.charCodeAt(20 + i) - 48 : 0);
  }
  return Date.UTC(y, mo - 1, d, h, mi, sec, ms);
}
