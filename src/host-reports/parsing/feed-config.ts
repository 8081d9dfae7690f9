import type { ProblemDetail } from '../../common/errors/app-error';

export const FEED_FORMATS = ['CSV', 'JSONL', 'STIX'] as const;
export type FeedFormat = (typeof FEED_FORMATS)[number];

/** What a report row may carry; `ip` and `timestamp` are required, `threat` unless the feed has a default. */
export const REPORT_FIELDS = ['timestamp', 'ip', 'port', 'asn', 'hostname', 'threat', 'url'] as const;
export type ReportField = (typeof REPORT_FIELDS)[number];

/**
 * How to read a feed's rows. `columns` maps our fields to the feed's: a header name (CSV with a header
 * line) or key (JSON lines), or a 0-based column index (CSV without a header). STIX feeds have none.
 */
export interface FeedMapping {
  readonly columns?: Partial<Record<ReportField, string | number>>;
  /** CSV: the first record names the columns (default true). */
  readonly header?: boolean;
  /** CSV: one character (default ','). */
  readonly delimiter?: string;
  /** The threat for rows without one (e.g. a sensor that sees one thing). */
  readonly defaultThreat?: string;
  /** A threat name the feed's threat map does not know: kept as normalised (default) or rejected. */
  readonly unknownThreats?: 'keep' | 'reject';
}

/** Feed name → our vocabulary, e.g. {"Conficker.B": "conficker", "downadup": "conficker"}. */
export type ThreatMap = Readonly<Record<string, string>>;

const THREAT = /^[a-z0-9][a-z0-9._:/+-]{0,63}$/;

/** One vocabulary: lower case, inner spaces as '-', so "Mirai Botnet" and "mirai-botnet" are one threat. */
export function normaliseThreatName(name: string): string {
  return name.trim().toLowerCase().replace(/\s+/g, '-');
}

export function isThreatName(name: string): boolean {
  return THREAT.test(name);
}

/** Checks a feed definition; returns every problem found (empty when it is usable). */
export function checkFeedConfig(format: string, mapping: unknown, threatMap: unknown): ProblemDetail[] {
  const problems: ProblemDetail[] = [];
  if (!(FEED_FORMATS as readonly string[]).includes(format)) problems.push({ path: 'format', message: `must be one of ${FEED_FORMATS.join(', ')}` });
  if (typeof mapping !== 'object' || mapping === null || Array.isArray(mapping)) {
    problems.push({ path: 'mapping', message: 'must be an object' });
    return problems;
  }
  const m = mapping as Record<string, unknown>;
  for (const key of Object.keys(m)) {
    if (!['columns', 'header', 'delimiter', 'defaultThreat', 'unknownThreats'].includes(key)) problems.push({ path: `mapping.${key}`, message: 'unknown setting' });
  }
  const header = m.header ?? true;
  if (typeof header !== 'boolean') problems.push({ path: 'mapping.header', message: 'must be true or false' });
  if (m.delimiter !== undefined && (typeof m.delimiter !== 'string' || m.delimiter.length !== 1 || /["\r\n]/.test(m.delimiter))) {
    problems.push({ path: 'mapping.delimiter', message: 'must be one character other than a quote or a line break' });
  }
  if (m.unknownThreats !== undefined && m.unknownThreats !== 'keep' && m.unknownThreats !== 'reject') problems.push({ path: 'mapping.unknownThreats', message: 'must be "keep" or "reject"' });
  if (m.defaultThreat !== undefined && (typeof m.defaultThreat !== 'string' || !isThreatName(normaliseThreatName(m.defaultThreat)))) {
    problems.push({ path: 'mapping.defaultThreat', message: 'must be a threat name (letters, digits, . _ : / + -)' });
  }
  const columns = m.columns;
  if (format === 'STIX') {
    // A bundle says where its addresses, times and threats are; only the threat settings apply.
    if (columns !== undefined) problems.push({ path: 'mapping.columns', message: 'STIX feeds have no columns (use defaultThreat and the threat map)' });
    for (const key of ['header', 'delimiter'] as const) if (m[key] !== undefined) problems.push({ path: `mapping.${key}`, message: 'applies to CSV feeds only' });
  } else if (typeof columns !== 'object' || columns === null || Array.isArray(columns)) {
    problems.push({ path: 'mapping.columns', message: 'must map fields (ip, timestamp, threat, …) to columns' });
  } else {
    const c = columns as Record<string, unknown>;
    const byIndex = format === 'CSV' && header === false;
    for (const [field, column] of Object.entries(c)) {
      if (!(REPORT_FIELDS as readonly string[]).includes(field)) problems.push({ path: `mapping.columns.${field}`, message: `unknown field (one of ${REPORT_FIELDS.join(', ')})` });
      else if (byIndex ? !(Number.isInteger(column) && (column as number) >= 0 && (column as number) < 1000) : typeof column !== 'string' || column.length === 0) {
        problems.push({ path: `mapping.columns.${field}`, message: byIndex ? 'must be a 0-based column index (the feed has no header)' : 'must be a column name' });
      }
    }
    for (const required of ['ip', 'timestamp'] as const) if (c[required] === undefined) problems.push({ path: `mapping.columns.${required}`, message: 'is required' });
    if (c.threat === undefined && m.defaultThreat === undefined) problems.push({ path: 'mapping.columns.threat', message: 'is required unless mapping.defaultThreat is set' });
  }
  if (typeof threatMap !== 'object' || threatMap === null || Array.isArray(threatMap)) problems.push({ path: 'threatMap', message: 'must be an object of feed name → threat name' });
  else {
    for (const [from, to] of Object.entries(threatMap)) {
      if (typeof to !== 'string' || !isThreatName(normaliseThreatName(to))) problems.push({ path: `threatMap.${from}`, message: 'must map to a threat name (letters, digits, . _ : / + -)' });
    }
  }
  return problems;
}
