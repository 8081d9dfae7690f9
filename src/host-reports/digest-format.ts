import type { ReportRowStored } from './host-report.rows';

/** The digest's columns, in order: what an owner needs to find and clean the machine. */
export const DIGEST_COLUMNS = ['id', 'ip', 'threat', 'day', 'first_seen', 'last_seen', 'count', 'sources', 'port', 'asn', 'hostname', 'url', 'owner', 'routed_by', 'status'] as const;

function values(r: ReportRowStored): (string | number | null)[] {
  return [r.id, r.ip, r.threat, r.day, r.firstSeen.toISOString(), r.lastSeen.toISOString(), r.count, r.sources.join(' '), r.port, r.asn, r.hostname, r.url, r.ownerShortName, r.routedBy, r.status];
}

/**
 * One CSV field (RFC 4180). Text a spreadsheet would run as a formula (=, +, -, @, tab, CR) gets a leading
 * apostrophe: hostnames and URLs come from third parties and must not execute on an ISP analyst's desk.
 */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  let s = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvHeader(): string {
  return DIGEST_COLUMNS.join(',') + '\r\n';
}

export function csvLines(rows: readonly ReportRowStored[]): string {
  return rows.map((r) => values(r).map(csvField).join(',') + '\r\n').join('');
}

/** One report as a JSON object with the digest's column names. */
export function jsonReport(r: ReportRowStored): Record<string, unknown> {
  const v = values(r);
  const o: Record<string, unknown> = Object.fromEntries(DIGEST_COLUMNS.map((c, i) => [c, v[i]]));
  o.sources = r.sources;
  return o;
}

/** Renders streamed batches as CSV or as one JSON object `{date, reports: [...]}`, piece by piece. */
export async function* renderDigest(batches: AsyncIterable<ReportRowStored[]>, format: 'csv' | 'json', date: string): AsyncGenerator<string> {
  if (format === 'csv') {
    yield csvHeader();
    for await (const rows of batches) yield csvLines(rows);
    return;
  }
  yield `{"date":${JSON.stringify(date)},"reports":[`;
  let first = true;
  for await (const rows of batches) {
    yield rows.map((r) => `${first ? ((first = false), '') : ','}${JSON.stringify(jsonReport(r))}`).join('');
  }
  yield ']}';
}
