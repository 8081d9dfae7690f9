import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { PreparedBatch, RoutedBatch } from './import/report-batch';
import type { ReportRowStored, ReportStatus } from './host-report.rows';

export const REPORT_COLUMNS = `r.id::text AS "id", host(r.ip) AS "ip", r.threat, to_char(r.day, 'YYYY-MM-DD') AS "day",
  r.first_seen AS "firstSeen", r.last_seen AS "lastSeen", r.count::float8 AS "count", r.sources, r.port, r.asn::float8 AS "asn",
  r.hostname, r.url, r.owner_partner_id AS "ownerPartnerId", p.short_name AS "ownerShortName", r.routed_by AS "routedBy",
  r.status, r.status_changed_at AS "statusChangedAt", r.remediated_at AS "remediatedAt", r.created_at AS "createdAt"`;

/**
 * Routes the rows of `source` (a CTE with an `ip` and an `asn` column), for rows already in the table: the longest registered prefix
 * containing the address, else the network of its AS number. One call of host_network_route per
 * statement (see the migration: it runs as owner so the GiST index serves each lookup).
 */
const ROUTED = (source: string) => `
  numbered AS MATERIALIZED (SELECT s.*, row_number() OVER () AS ord FROM ${source} s),
  route AS (SELECT * FROM host_network_route((SELECT array_agg(ip ORDER BY ord) FROM numbered), (SELECT array_agg(asn ORDER BY ord) FROM numbered))),
  routed AS MATERIALIZED (SELECT n.*, rt.partner_id AS owner, rt.network_id, rt.routed_by FROM numbered n JOIN route rt ON rt.ord = n.ord)`;

/** SQL for host_reports. Callers pass the manager of an actor transaction (RLS applies). */
@Injectable()
export class HostReportRepository {
  /**
   * Stores one folded, routed batch in one statement: each report is merged into the existing report of its
   * address, threat and day (count, sources, first/last seen) or inserted; a report still unrouted takes the
   * route given now. The columns go in as array literals (see prepareBatch): no staging table, no
   * re-aggregation. The unnests are in the select list, which PostgreSQL runs in step row by row (a column
   * sent as {} reads as NULL); in FROM they would first be copied into a tuplestore. Returns how many
   * reports were created.
   */
  async store(m: EntityManager, batch: PreparedBatch, routed: RoutedBatch, source: string): Promise<number> {
    const result: { created: number }[] = await m.query(
      `WITH stored AS (
         INSERT INTO host_reports AS r (ip, threat, day, first_seen, last_seen, count, sources, port, asn, hostname, url, owner_partner_id, network_id, routed_by)
         SELECT u.ip, u.threat, DATE '1970-01-01' + u.day, to_timestamp(u.first_ms / 1000.0), to_timestamp(u.last_ms / 1000.0), u.n, ARRAY[$11::text],
                u.port, u.asn, u.hostname, u.url, u.owner, u.network_id, u.routed_by
           FROM (SELECT unnest($1::inet[]) AS ip, unnest($2::text[]) AS threat, unnest($3::int[]) AS day, unnest($4::float8[]) AS first_ms,
                        unnest($5::float8[]) AS last_ms, unnest($6::int[]) AS n, unnest($7::int[]) AS port, unnest($8::bigint[]) AS asn,
                        unnest($9::text[]) AS hostname, unnest($10::text[]) AS url, unnest($12::uuid[]) AS owner, unnest($13::bigint[]) AS network_id,
                        unnest($14::text[]) AS routed_by) u
         ON CONFLICT (ip, threat, day) DO UPDATE SET
           first_seen = LEAST(r.first_seen, EXCLUDED.first_seen),
           last_seen = GREATEST(r.last_seen, EXCLUDED.last_seen),
           count = r.count + EXCLUDED.count,
           sources = CASE WHEN $11::text = ANY(r.sources) THEN r.sources ELSE r.sources || $11::text END,
           port = COALESCE(r.port, EXCLUDED.port), asn = COALESCE(r.asn, EXCLUDED.asn),
           hostname = COALESCE(r.hostname, EXCLUDED.hostname), url = COALESCE(r.url, EXCLUDED.url),
           owner_partner_id = COALESCE(r.owner_partner_id, EXCLUDED.owner_partner_id),
           network_id = CASE WHEN r.owner_partner_id IS NULL THEN EXCLUDED.network_id ELSE r.network_id END,
           routed_by = CASE WHEN r.owner_partner_id IS NULL THEN EXCLUDED.routed_by ELSE r.routed_by END,
           updated_at = now()
         RETURNING (xmax = 0) AS created
       )
       SELECT (count(*) FILTER (WHERE created))::int AS created FROM stored`,
      [...batch.columns, source, ...routed.columns],
    );
    return result[0]!.created;
  }

  /** Routes reports of the UNROUTED queue that a network registered since now covers; returns how many. */
  async rerouteUnrouted(m: EntityManager): Promise<number> {
    const rows: { n: number }[] = await m.query(
      `WITH unrouted AS (SELECT r.id, r.ip, r.asn FROM host_reports r WHERE r.owner_partner_id IS NULL), ${ROUTED('unrouted')},
       updated AS (
         UPDATE host_reports r SET owner_partner_id = f.owner, network_id = f.network_id, routed_by = f.routed_by, updated_at = now()
           FROM routed f WHERE r.id = f.id AND f.owner IS NOT NULL RETURNING 1
       ) SELECT count(*)::int AS n FROM updated`,
    );
    return rows[0]!.n;
  }

  async page(m: EntityManager, conditions: string[], params: unknown[], beforeId: number | undefined, limit: number): Promise<ReportRowStored[]> {
    const where = [...conditions];
    if (beforeId !== undefined) {
      params.push(beforeId);
      where.push(`r.id < $${params.length}`);
    }
    params.push(limit);
    return m.query(
      `SELECT ${REPORT_COLUMNS} FROM host_reports r LEFT JOIN partners p ON p.id = r.owner_partner_id
        WHERE ${where.length ? where.join(' AND ') : 'TRUE'} ORDER BY r.id DESC LIMIT $${params.length}`,
      params,
    );
  }

  /** Oldest first from `afterId`, for digests streamed in batches. */
  async batchAfter(m: EntityManager, conditions: string[], params: unknown[], afterId: number, limit: number): Promise<ReportRowStored[]> {
    params.push(afterId, limit);
    return m.query(
      `SELECT ${REPORT_COLUMNS} FROM host_reports r LEFT JOIN partners p ON p.id = r.owner_partner_id
        WHERE ${[...conditions, `r.id > $${params.length - 1}`].join(' AND ')} ORDER BY r.id LIMIT $${params.length}`,
      params,
    );
  }

  /** Sets the status of the visible reports among `ids` (the caller's condition and RLS); returns those changed. */
  async setStatus(m: EntityManager, ids: readonly string[], status: ReportStatus, condition: string, params: unknown[]): Promise<ReportRowStored[]> {
    params.push(ids, status);
    const idsParam = `$${params.length - 1}`, statusParam = `$${params.length}`;
    return m.query(
      `WITH u AS (
         UPDATE host_reports r SET status = ${statusParam}, status_changed_at = now(), updated_at = now(),
                remediated_at = CASE WHEN ${statusParam} = 'REMEDIATED' THEN COALESCE(r.remediated_at, now()) ELSE NULL END
          WHERE r.id = ANY(${idsParam}::bigint[]) AND ${condition} RETURNING r.*
       ) SELECT ${REPORT_COLUMNS} FROM u r LEFT JOIN partners p ON p.id = r.owner_partner_id ORDER BY r.id`,
      params,
    );
  }
}
