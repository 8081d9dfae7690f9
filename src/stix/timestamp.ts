/**
 * STIX timestamps are RFC 3339 in UTC with a literal `Z` and any sub-second precision. We keep the
 * original string everywhere: a Date would silently drop microseconds, and evidence hashes need the bytes.
 */
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?Z$/;
const MILLIS = /T\d{2}:\d{2}:\d{2}\.\d{3,}Z$/;

export type TimestampError = 'format' | 'range' | 'millis';

/** Why `value` is not a STIX timestamp, or undefined when it is one. */
export function timestampError(value: string, requireMillis = false): TimestampError | undefined {
  const m = TIMESTAMP.exec(value);
  if (!m) return 'format';
  const year = +m[1], month = +m[2], day = +m[3];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return 'range';
  // Second 60 is a leap second, which RFC 3339 allows.
  if (+m[4] > 23 || +m[5] > 59 || +m[6] > 60) return 'range';
  if (requireMillis && !MILLIS.test(value)) return 'millis';
  return undefined;
}

export function isStixTimestamp(value: unknown): value is string {
  return typeof value === 'string' && timestampError(value) === undefined;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/**
 * Orders two valid STIX timestamps exactly, at any precision (negative, zero, positive). The fixed-width
 * prefix compares as text; fractions compare digit by digit after padding.
 */
export function compareTimestamps(a: string, b: string): number {
  const ha = a.slice(0, 19), hb = b.slice(0, 19);
  if (ha !== hb) return ha < hb ? -1 : 1;
  const fa = fraction(a), fb = fraction(b);
  const width = Math.max(fa.length, fb.length);
  const pa = fa.padEnd(width, '0'), pb = fb.padEnd(width, '0');
  return pa < pb ? -1 : pa > pb ? 1 : 0;
}

function fraction(ts: string): string {
  return ts.length > 20 ? ts.slice(20, -1) : '';
}

/** Formats a Date as a STIX timestamp with millisecond precision (what `created`/`modified` need). */
export function stixTimestamp(date: Date = new Date()): string {
  return date.toISOString();
}

/**
 * Parses a STIX timestamp to epoch milliseconds plus the sub-millisecond digits a Date cannot hold,
 * or undefined when it is not one.
 */
export function parseStixTimestamp(value: string): { epochMs: number; subMillis: string } | undefined {
  if (timestampError(value) !== undefined) return undefined;
  const frac = fraction(value);
  const epochMs = Date.parse(`${value.slice(0, 19)}.${frac.slice(0, 3).padEnd(3, '0')}Z`);
  return { epochMs, subMillis: frac.slice(3) };
}
