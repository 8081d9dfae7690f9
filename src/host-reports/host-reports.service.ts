import { Inject, Injectable } from '@nestjs/common';
import type { Actor } from '../auth/actor';
import { AuditService } from '../audit/audit.service';
import { AppError } from '../common/errors/app-error';
import { decodeCursor, pageSize, toConnection, type Connection } from '../common/graphql/pagination';
import { ActorTransactions } from '../database/actor-transaction.service';
import { PolicyService } from '../policy/policy.service';
import { ownedSql, viewerOf } from './host-report-access';
import { auditActor } from './host-report-audit';
import { HostReportErrors } from './host-report-errors';
import { HostImportRepository } from './host-import.repository';
import { HostReportRepository } from './host-report.repository';
import { HostReportStatisticsRepository, type StatisticRow } from './host-report-statistics.repository';
import { REPORT_STATUSES, type ImportRow, type ReportRowStored, type ReportStatus } from './host-report.rows';
import { HOST_REPORT_OPTIONS, type HostReportOptions } from './host-report.options';
import { normaliseThreatName } from './parsing/feed-config';
import { parsePrefix } from './routing/network-prefix';

export interface HostReportFilter {
  readonly threat?: string;
  /** Observed at or after (last seen ≥ from). */
  readonly from?: Date;
  /** Observed before (first seen < to). */
  readonly to?: Date;
  readonly status?: ReportStatus;
  /** Addresses inside this prefix. */
  readonly prefix?: string;
  /** HOME: only the UNROUTED queue (true) or only routed reports (false). */
  readonly unrouted?: boolean;
  /** HOME: one owner's reports, by short name. */
  readonly owner?: string;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const DIGEST_BATCH = 5000;

/** Checks a YYYY-MM-DD day and returns it. */
export function checkDay(value: string, argument: string): string {
  if (!DAY.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`)) || new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) !== value) {
    throw HostReportErrors.badDate(argument);
  }
  return value;
}

/** What owners do with their reports, and what HOME sees of all of them. */
@Injectable()
export class HostReportsService {
  constructor(
    private readonly tx: ActorTransactions,
    private readonly policy: PolicyService,
    private readonly audit: AuditService,
    private readonly reports: HostReportRepository,
    private readonly statistics: HostReportStatisticsRepository,
    private readonly imports: HostImportRepository,
    @Inject(HOST_REPORT_OPTIONS) private readonly options: HostReportOptions,
  ) {}

  /** Newest first, keyset on id; only reports the actor owns (HOME: all). */
  async list(actor: Actor, filter: HostReportFilter, first?: number, after?: string): Promise<Connection<ReportRowStored>> {
    const size = pageSize(first, this.options.maxPageSize);
    const [beforeId] = decodeCursor(after, 1) ?? [];
    if (beforeId !== undefined && typeof beforeId !== 'number') throw AppError.badInput('after is not a cursor this query issued', { argument: 'after' });
    return this.tx.read(actor, async (m) => {
      const params: unknown[] = [];
      const conditions = this.conditions(actor, filter, params);
      const rows = await this.reports.page(m, conditions, params, beforeId, size + 1);
      return toConnection(rows, size, (r) => [Number(r.id)], after);
    });
  }

  /** Marks reports the actor owns; any id it cannot see fails the whole call as not found. One audit event. */
  async setStatus(actor: Actor, ids: readonly string[], status: ReportStatus, note?: string): Promise<ReportRowStored[]> {
    if (!REPORT_STATUSES.includes(status) || status === 'NEW') throw AppError.badInput('status must be NOTIFIED, REMEDIATED or FALSE_POSITIVE', { argument: 'status' });
    const unique = [...new Set(ids)];
    if (unique.length === 0 || unique.length > 1000) throw AppError.badInput('give between 1 and 1000 report ids', { argument: 'ids' });
    const bad = unique.find((id) => !/^\d{1,18}$/.test(id));
    if (bad !== undefined) throw HostReportErrors.reportNotFound(bad);
    if (note !== undefined && note.length > 1000) throw AppError.badInput('note is longer than 1000 characters', { argument: 'note' });
    return this.tx.run(actor, async (m) => {
      const params: unknown[] = [];
      const condition = ownedSql(viewerOf(actor, this.policy.isHome(actor)), 'r.owner_partner_id', params);
      const updated = await this.reports.setStatus(m, unique, status, condition, params);
      const missing = unique.find((id) => !updated.some((r) => r.id === id));
      if (missing !== undefined) throw HostReportErrors.reportNotFound(missing);
      await this.audit.record(m, {
        action: 'host-report.set-status',
        outcome: 'ok',
        actor: auditActor(actor),
        targetIds: unique.map((id) => `host-report:${id}`),
        details: { status, count: unique.length, ...(note ? { note } : {}) },
      });
      return updated;
    });
  }

  /** Figures per owner, threat and day over [from, to] (UTC days, inclusive), of reports the actor owns. */
  async figures(actor: Actor, from: string, to: string): Promise<StatisticRow[]> {
    checkDay(from, 'from');
    checkDay(to, 'to');
    if (from > to || Date.parse(to) - Date.parse(from) > 366 * 86_400_000) throw HostReportErrors.badRange();
    return this.tx.read(actor, (m) => {
      const params: unknown[] = [];
      const condition = ownedSql(viewerOf(actor, this.policy.isHome(actor)), 'r.owner_partner_id', params);
      return this.statistics.figures(m, condition, params, from, to);
    });
  }

  /**
   * The reports first received on a UTC day that the actor owns, oldest first, streamed in batches (each its
   * own short read transaction) so a large digest never sits in memory. Audited once, when asked.
   */
  async *digest(actor: Actor, day: string, format: string): AsyncGenerator<ReportRowStored[]> {
    checkDay(day, 'date');
    await this.audit.recordStandalone({ action: 'host-report.digest', outcome: 'ok', actor: auditActor(actor), targetIds: [], details: { date: day, format } });
    const viewer = viewerOf(actor, this.policy.isHome(actor));
    let afterId = 0;
    for (;;) {
      const rows = await this.tx.read(actor, (m) => {
        const params: unknown[] = [day];
        const conditions = [`r.created_at >= $1::date AT TIME ZONE 'UTC'`, `r.created_at < ($1::date + 1) AT TIME ZONE 'UTC'`, ownedSql(viewer, 'r.owner_partner_id', params)];
        return this.reports.batchAfter(m, conditions, params, afterId, DIGEST_BATCH);
      });
      if (rows.length === 0) return;
      yield rows;
      afterId = Number(rows[rows.length - 1]!.id);
      if (rows.length < DIGEST_BATCH) return;
    }
  }

  /** HOME: one import record with its first rejected rows. */
  async importRecord(actor: Actor, id: string, rejects = 100): Promise<{ record: ImportRow; rejects: { line: number; reason: string; raw: string }[] }> {
    if (!this.policy.isHome(actor)) throw HostReportErrors.importNotFound(id);
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) throw HostReportErrors.importNotFound(id);
    return this.tx.read(actor, async (m) => {
      const record = await this.imports.find(m, id);
      if (!record) throw HostReportErrors.importNotFound(id);
      return { record, rejects: await this.imports.rejects(m, id, Math.min(Math.max(rejects, 0), 1000)) };
    });
  }

  /** HOME: route reports of the UNROUTED queue that registered networks now cover. */
  async reroute(actor: Actor): Promise<number> {
    if (!this.policy.isHome(actor)) throw HostReportErrors.homeOnly('routes the UNROUTED queue');
    return this.tx.run(actor, async (m) => {
      const n = await this.reports.rerouteUnrouted(m);
      await this.audit.record(m, { action: 'host-report.reroute', outcome: 'ok', actor: auditActor(actor), targetIds: [], details: { rerouted: n } });
      return n;
    });
  }

  private conditions(actor: Actor, filter: HostReportFilter, params: unknown[]): string[] {
    const home = this.policy.isHome(actor);
    const conditions = [ownedSql(viewerOf(actor, home), 'r.owner_partner_id', params)];
    const add = (sql: (p: string) => string, value: unknown) => {
      params.push(value);
      conditions.push(sql(`$${params.length}`));
    };
    if (filter.threat !== undefined) add((p) => `r.threat = ${p}`, normaliseThreatName(filter.threat));
    if (filter.from !== undefined) add((p) => `r.last_seen >= ${p}`, filter.from);
    if (filter.to !== undefined) add((p) => `r.first_seen < ${p}`, filter.to);
    if (filter.status !== undefined) add((p) => `r.status = ${p}`, filter.status);
    if (filter.prefix !== undefined) {
      const prefix = parsePrefix(filter.prefix);
      if (!prefix.ok) throw AppError.badInput(`prefix: ${prefix.message}`, { argument: 'filter.prefix' });
      // A btree range (inet comparisons are leakproof, so they use the index under RLS), then the exact test.
      add((p) => `r.ip BETWEEN host(network(${p}::cidr))::inet AND host(broadcast(${p}::cidr))::inet AND r.ip <<= ${p}::cidr`, prefix.value);
    }
    if (filter.unrouted !== undefined) conditions.push(filter.unrouted ? 'r.owner_partner_id IS NULL' : 'r.owner_partner_id IS NOT NULL');
    if (filter.owner !== undefined) add((p) => `lower(p.short_name) = lower(${p})`, filter.owner);
    return conditions;
  }
}
