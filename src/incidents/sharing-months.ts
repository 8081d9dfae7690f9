import { AppError } from '../common/errors/app-error';

/** A span of whole UTC months: `start` inclusive, `end` exclusive (the first instant after the last month). */
export interface MonthRange {
  readonly start: Date;
  readonly end: Date;
}

/** Ten years: a report, not a data export. */
export const MAX_MONTHS = 120;

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

function parseMonth(value: string, argument: string): { year: number; month: number } {
  const m = MONTH.exec(value);
  if (!m || Number(m[1]) < 1970) throw AppError.badInput(`${argument} must be a month as YYYY-MM, from 1970-01 (got ${JSON.stringify(value)})`, { argument });
  return { year: Number(m[1]), month: Number(m[2]) };
}

/** `from` and `to` as `YYYY-MM`, both included, in UTC. */
export function monthRange(from: string, to: string): MonthRange {
  const a = parseMonth(from, 'from');
  const b = parseMonth(to, 'to');
  const count = (b.year - a.year) * 12 + (b.month - a.month) + 1;
  if (count < 1) throw AppError.badInput(`from (${from}) is after to (${to})`, { argument: 'from' });
  if (count > MAX_MONTHS) throw AppError.badInput(`at most ${MAX_MONTHS} months at a time (asked for ${count})`, { argument: 'to' });
  return { start: new Date(Date.UTC(a.year, a.month - 1, 1)), end: new Date(Date.UTC(b.year, b.month, 1)) };
}

/** Every month of the range as `YYYY-MM`, oldest first. */
export function monthsBetween(range: MonthRange): string[] {
  const out: string[] = [];
  for (let d = new Date(range.start); d < range.end; d = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1))) {
    out.push(`${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`);
  }
  return out;
}
