import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

export interface StatisticRow {
  readonly dimension: 'total' | 'owner' | 'threat' | 'day';
  /** Owner short name ('' for unrouted), threat, or day (YYYY-MM-DD); null for the total. */
  readonly key: string | null;
  readonly hosts: number;
  readonly reports: number;
  readonly remediated: number;
  readonly falsePositives: number;
  readonly unrouted: number;
  /** Median of (remediated_at − created_at) over remediated reports, in hours; null when none. */
  readonly medianHoursToRemediate: number | null;
}

/** Figures over host_reports in one grouped pass (GROUPING SETS), under the caller's condition and RLS. */
@Injectable()
export class HostReportStatisticsRepository {
  async figures(m: EntityManager, condition: string, params: unknown[], fromDay: string, toDay: string): Promise<StatisticRow[]> {
    params.push(fromDay, toDay);
    const rows: (Omit<StatisticRow, 'dimension'> & { gOwner: number; gThreat: number; gDay: number })[] = await m.query(
      `SELECT GROUPING(p.short_name) AS "gOwner", GROUPING(r.threat) AS "gThreat", GROUPING(r.day) AS "gDay",
              COALESCE(p.short_name, CASE WHEN GROUPING(p.short_name) = 0 THEN '' END, r.threat, to_char(r.day, 'YYYY-MM-DD')) AS "key",
              count(DISTINCT r.ip)::int AS "hosts", count(*)::int AS "reports",
              (count(*) FILTER (WHERE r.status = 'REMEDIATED'))::int AS "remediated",
              (count(*) FILTER (WHERE r.status = 'FALSE_POSITIVE'))::int AS "falsePositives",
              (count(*) FILTER (WHERE r.owner_partner_id IS NULL))::int AS "unrouted",
              (percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM r.remediated_at - r.created_at))
                 FILTER (WHERE r.remediated_at IS NOT NULL) / 3600.0)::float8 AS "medianHoursToRemediate"
         FROM host_reports r LEFT JOIN partners p ON p.id = r.owner_partner_id
        WHERE ${condition} AND r.day >= $${params.length - 1}::date AND r.day <= $${params.length}::date
        GROUP BY GROUPING SETS ((p.short_name), (r.threat), (r.day), ())
        ORDER BY 1, 2, 3, 4`,
      params,
    );
    return rows.map(({ gOwner, gThreat, gDay, ...figures }) => ({
      ...figures,
      dimension: gOwner === 0 ? 'owner' : gThreat === 0 ? 'threat' : gDay === 0 ? 'day' : 'total',
      key: gOwner && gThreat && gDay ? null : figures.key,
    }));
  }
}
