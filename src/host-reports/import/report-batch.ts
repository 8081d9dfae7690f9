import type { ReportRow } from '../parsing/row-normaliser';

const DAY_MS = 86_400_000;

/**
 * One batch of rows folded into reports, column by column (what the storing statement takes as arrays).
 * Rows of the same address, threat and UTC day become one entry: its first and last sighting, how many rows
 * it holds, and the first port, AS number, host name and URL that any of its rows gave.
 */
export interface ReportBatch {
  readonly ip: string[];
  readonly threat: string[];
  /** UTC day as days since 1970-01-01. */
  readonly day: number[];
  readonly firstSeen: number[];
  readonly lastSeen: number[];
  readonly count: number[];
  readonly port: (number | null)[];
  readonly asn: (number | null)[];
  readonly hostname: (string | null)[];
  readonly url: (string | null)[];
}

/**
 * Folds the rows of a batch by (address, threat, UTC day). Done here rather than in SQL: the database then
 * only routes and writes, which is the part of an import that cannot run beside the parser.
 */
export function foldBatch(rows: readonly ReportRow[]): ReportBatch {
  const batch: ReportBatch = { ip: [], threat: [], day: [], firstSeen: [], lastSeen: [], count: [], port: [], asn: [], hostname: [], url: [] };
  const index = new Map<string, number>();
  for (const row of rows) {
    const day = Math.floor(row.seenAt / DAY_MS);
    const key = `${row.ip} ${row.threat} ${day}`; // neither an address nor a threat name holds a space
    const at = index.get(key);
    if (at === undefined) {
      index.set(key, batch.ip.length);
      batch.ip.push(row.ip);
      batch.threat.push(row.threat);
      batch.day.push(day);
      batch.firstSeen.push(row.seenAt);
      batch.lastSeen.push(row.seenAt);
      batch.count.push(1);
      batch.port.push(row.port);
      batch.asn.push(row.asn);
      batch.hostname.push(row.hostname);
      batch.url.push(row.url);
      continue;
    }
    if (row.seenAt < batch.firstSeen[at]!) batch.firstSeen[at] = row.seenAt;
    if (row.seenAt > batch.lastSeen[at]!) batch.lastSeen[at] = row.seenAt;
    batch.count[at]!++;
    batch.port[at] ??= row.port;
    batch.asn[at] ??= row.asn;
    batch.hostname[at] ??= row.hostname;
    batch.url[at] ??= row.url;
  }
  return batch;
}
