import type { ReportRow } from '../parsing/row-normaliser';
import { ipv4Number, type RoutingTable } from '../routing/routing-table';
import { arrayLiteral } from '../../database/pg-array';

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
 * only writes, which is the part of an import that cannot run beside the parser.
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

/** A folded batch as the storing statement takes it: its columns as array literals, built ahead of time. */
export interface PreparedBatch {
  /** What routing reads, per report. */
  readonly ip: readonly string[];
  readonly asn: readonly (number | null)[];
  readonly count: readonly number[];
  /** ip, threat, day, firstSeen, lastSeen, count, port, asn, hostname, url. */
  readonly columns: readonly string[];
}

/**
 * Folds a batch and lays it out for the storing statement, in the order of the (ip, threat, day) index: each
 * insert then lands next to the previous one in the index (fewer pages touched), and two imports merging
 * into the same reports lock them in the same order (no deadlock between them).
 */
export function prepareBatch(rows: readonly ReportRow[]): PreparedBatch {
  const folded = foldBatch(rows);
  const order = indexOrder(folded);
  const b = Object.fromEntries(Object.entries(folded).map(([k, column]: [string, unknown[]]) => [k, order.map((i) => column[i])])) as unknown as ReportBatch;
  const columns = [b.ip, b.threat, b.day, b.firstSeen, b.lastSeen, b.count, b.port, b.asn, b.hostname, b.url].map(arrayLiteral);
  return { ip: b.ip, asn: b.asn, count: b.count, columns };
}

/** Entry positions sorted by address (IPv4 by value, then IPv6 by text), threat and day. */
function indexOrder(b: ReportBatch): number[] {
  const v4 = b.ip.map((ip) => ipv4Number(ip) ?? -1);
  return b.ip.map((_, i) => i).sort((x, y) => {
    const ax = v4[x]!, ay = v4[y]!;
    if (ax !== ay) return ax < 0 ? 1 : ay < 0 ? -1 : ax - ay;
    if (ax < 0 && b.ip[x] !== b.ip[y]) return b.ip[x]! < b.ip[y]! ? -1 : 1;
    if (b.threat[x] !== b.threat[y]) return b.threat[x]! < b.threat[y]! ? -1 : 1;
    return b.day[x]! - b.day[y]!;
  });
}

/** Where each report of a batch goes, as array literals, and how many rows of the file nobody's network covers. */
export interface RoutedBatch {
  /** owner partner id, network id, routed by. */
  readonly columns: readonly string[];
  readonly unrouted: number;
}

export function routeBatch(batch: PreparedBatch, table: RoutingTable): RoutedBatch {
  const n = batch.ip.length;
  const owner = new Array<string | null>(n), network = new Array<string | null>(n), by = new Array<string | null>(n);
  let unrouted = 0;
  for (let i = 0; i < n; i++) {
    const route = table.route(batch.ip[i]!, batch.asn[i]!);
    owner[i] = route?.partnerId ?? null;
    network[i] = route?.networkId ?? null;
    by[i] = route?.routedBy ?? null;
    if (!route) unrouted += batch.count[i]!;
  }
  return { columns: [owner, network, by].map(arrayLiteral), unrouted };
}
