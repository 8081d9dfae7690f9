import type { StatisticRow } from '../host-report-statistics.repository';
import type { FeedRow, ImportRow, NetworkRow, ReportRowStored } from '../host-report.rows';
import type { HostNetwork, HostReport, HostReportFeed, HostReportFigures, HostReportImport, HostReportStatistics } from './host-report.types';

/** The one place rows become API types: a new column stays private until it is mapped here. */
export const HostReportMapper = {
  toReport(r: ReportRowStored): HostReport {
    return {
      id: r.id, ip: r.ip, threat: r.threat, day: r.day, firstSeen: r.firstSeen, lastSeen: r.lastSeen, count: r.count, sources: r.sources,
      port: r.port, asn: r.asn, hostname: r.hostname, url: r.url, owner: r.ownerShortName, routedBy: r.routedBy, status: r.status,
      statusChangedAt: r.statusChangedAt, remediatedAt: r.remediatedAt, createdAt: r.createdAt,
    };
  },

  toNetwork(n: NetworkRow): HostNetwork {
    return { id: n.id, partnerShortName: n.partnerShortName, prefix: n.prefix, asn: n.asn, createdAt: n.createdAt };
  },

  toFeed(f: FeedRow): HostReportFeed {
    return { id: f.id, name: f.name, format: f.format, mapping: f.mapping, threatMap: f.threatMap, partial: f.partial, maxBytes: f.maxBytes,
      url: f.url, schedule: f.schedule, authHeader: f.authHeader, authEnv: f.authEnv, createdAt: f.createdAt, updatedAt: f.updatedAt };
  },

  toImport(i: ImportRow, rejects?: { line: number; reason: string; raw: string }[]): HostReportImport {
    return {
      id: i.id, feed: i.feedName, status: i.status, fileName: i.fileName, bytes: i.bytes, rowsRead: i.rowsRead, accepted: i.accepted,
      duplicates: i.duplicates, unrouted: i.unrouted, rejected: i.rejected, problems: i.problems, rejectedRows: rejects,
      startedAt: i.startedAt, finishedAt: i.finishedAt,
    };
  },

  toStatistics(from: string, to: string, rows: StatisticRow[]): HostReportStatistics {
    const figures = (r: StatisticRow): HostReportFigures => {
      const base = r.reports - r.falsePositives;
      return {
        key: r.key, hosts: r.hosts, reports: r.reports, remediated: r.remediated, falsePositives: r.falsePositives, unrouted: r.unrouted,
        remediationRate: base > 0 ? r.remediated / base : null, medianHoursToRemediate: r.medianHoursToRemediate,
      };
    };
    const total = rows.find((r) => r.dimension === 'total');
    const empty = { dimension: 'total', key: null, hosts: 0, reports: 0, remediated: 0, falsePositives: 0, unrouted: 0, medianHoursToRemediate: null } as const;
    return {
      from,
      to,
      total: figures(total ?? empty),
      byOwner: rows.filter((r) => r.dimension === 'owner').map(figures),
      byThreat: rows.filter((r) => r.dimension === 'threat').map(figures),
      byDay: rows.filter((r) => r.dimension === 'day').map(figures),
    };
  },
};
