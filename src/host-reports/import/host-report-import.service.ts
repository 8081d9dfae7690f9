import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Actor } from '../../auth/actor';
import { AuditService } from '../../audit/audit.service';
import { AppError } from '../../common/errors/app-error';
import { currentContext } from '../../common/request-context';
import { ActorTransactions } from '../../database/actor-transaction.service';
import { PolicyService } from '../../policy/policy.service';
import { HostFeedRepository } from '../host-feed.repository';
import { HostImportRepository } from '../host-import.repository';
import { HostNetworkRepository } from '../host-network.repository';
import { HostReportErrors } from '../host-report-errors';
import { HostReportRepository } from '../host-report.repository';
import type { FeedRow, ImportCounts, ImportProblem, ImportRow } from '../host-report.rows';
import { HOST_REPORT_OPTIONS, type HostReportOptions } from '../host-report.options';
import { auditActor } from '../host-report-audit';
import { FeedReader, type RowItem } from '../parsing/feed-reader';
import { RowNormaliser, type ReportRow } from '../parsing/row-normaliser';
import type { ImportSource } from './byte-sources';
import { ImportRouting, type RoutingTable } from '../routing/routing-table';
import { prepareBatch, type PreparedBatch, routeBatch, type RoutedBatch } from './report-batch';

/** Problems kept on the import record itself; every rejected row is kept in host_report_rejects. */
const PROBLEMS_KEPT = 100;
const REJECTS_PER_WRITE = 1000;

/** Thrown inside the import transaction to roll it back; never leaves this service. */
class RollBack extends Error {
  constructor(readonly reason: AppError | 'rejected') {
    super('rolled back');
  }
}

/**
 * Imports one feed file: streams it through the feed's reader in batches (memory stays flat however long the
 * file), routes each batch in memory (longest-prefix match, see RoutingTable) and stores it with one statement, keeps bad rows with their reasons, and writes one
 * summary audit event. All-or-nothing unless the feed says `partial`: then a rejected row fails the import,
 * and only the import record (with its rejected rows) remains.
 */
@Injectable()
export class HostReportImportService {
  constructor(
    private readonly tx: ActorTransactions,
    private readonly policy: PolicyService,
    private readonly audit: AuditService,
    private readonly feeds: HostFeedRepository,
    private readonly imports: HostImportRepository,
    private readonly networks: HostNetworkRepository,
    private readonly reports: HostReportRepository,
    @Inject(HOST_REPORT_OPTIONS) private readonly options: HostReportOptions,
  ) {}

  async import(actor: Actor, feedName: string, source: ImportSource, limitBytes = Infinity): Promise<ImportRow> {
    if (!this.policy.isHome(actor)) throw HostReportErrors.homeOnly('imports host reports');
    const feed = await this.tx.read(actor, (m) => this.feeds.findByName(m, feedName));
    if (!feed) throw HostReportErrors.feedNotFound(feedName);
    const limit = Math.min(feed.maxBytes ?? this.options.defaultMaxBytes, limitBytes, feed.format === 'STIX' ? this.options.stixMaxBytes : Infinity);
    if (source.size !== undefined && source.size > limit) throw HostReportErrors.tooLarge(source.size, limit);
    const channel = currentContext()?.channel ?? 'system';
    const importId = await this.tx.run(actor, (m) => this.imports.start(m, feed.id, channel, source.fileName, actor.clientId));
    const run = new ImportRun(feed, importId, this.options.batchSize);
    try {
      return await this.tx.run(actor, async (m) => {
        await this.imports.holdRunning(m, importId);
        const routing = new ImportRouting({ version: () => this.networks.version(m), entries: () => this.networks.routingEntries(m) });
        const writer: BatchWriter = {
          // Routed ahead with the table the previous batch used; routed again only if the networks changed since.
          prepare: (rows) => {
            const batch = prepareBatch(rows);
            const table = routing.latest;
            return { batch, table, routed: table && routeBatch(batch, table) };
          },
          store: async ({ batch, table, routed }) => {
            const current = await routing.current();
            const route = current === table && routed ? routed : routeBatch(batch, current);
            return { created: await this.reports.store(m, batch, route, feed.name), unrouted: route.unrouted };
          },
        };
        await run.consume(source, limit, writer, (rejects) => this.keepRejects(actor, importId, rejects));
        await this.keepRejects(actor, importId, run.takeRejects());
        if (run.counts.rejected > 0 && !feed.partial) throw new RollBack('rejected');
        const status = run.counts.rejected > 0 ? 'PARTIAL' : 'SUCCEEDED';
        const record = await this.imports.finish(m, importId, status, run.bytes, run.counts, run.problems);
        await this.recordAudit(m, actor, record, 'ok');
        return record;
      });
    } catch (error) {
      const cause = error instanceof RollBack ? error.reason : error instanceof AppError ? error : undefined;
      const failed = { ...run.counts, accepted: 0, duplicates: 0, unrouted: 0 };
      const problems = cause instanceof AppError ? [{ line: 0, message: cause.message }] : run.problems;
      await this.tx.run(actor, async (m) => {
        await this.keepRejects(actor, importId, run.takeRejects(), m);
        const record = await this.imports.finish(m, importId, 'FAILED', run.bytes, failed, problems);
        await this.recordAudit(m, actor, record, 'error');
      });
      if (cause === 'rejected') {
        throw HostReportErrors.importRejected(importId, run.counts.rejected, run.problems.map((p) => ({ path: `line ${p.line}`, message: p.message })));
      }
      throw cause instanceof AppError ? new AppError(cause.code, cause.message, { ...(cause.details ?? {}), importId }) : error;
    }
  }

  /** Rejected rows are kept outside the import's transaction, so they survive its roll-back. */
  private async keepRejects(actor: Actor, importId: string, rejects: RowItem[], manager?: EntityManager): Promise<void> {
    if (rejects.length === 0) return;
    const rows = rejects.map((r) => ({ line: r.line, raw: r.raw, message: r.result.ok ? '' : r.result.message }));
    if (manager) await this.imports.insertRejects(manager, importId, rows);
    else await this.tx.run(actor, (m) => this.imports.insertRejects(m, importId, rows));
  }

  private recordAudit(m: EntityManager, actor: Actor, record: ImportRow, outcome: 'ok' | 'error') {
    const { rowsRead, accepted, duplicates, unrouted, rejected } = record;
    return this.audit.record(m, {
      action: 'host-report.import',
      outcome,
      actor: auditActor(actor),
      targetIds: [record.id],
      details: { feed: record.feedName, status: record.status, fileName: record.fileName, bytes: record.bytes, rowsRead, accepted, duplicates, unrouted, rejected },
    });
  }
}

/** A batch prepared while the previous one is written, and routed then if a routing table was loaded. */
interface ReadyBatch {
  readonly batch: PreparedBatch;
  readonly table?: RoutingTable;
  readonly routed?: RoutedBatch;
}

/** How an import run stores its batches: `prepare` runs beside the previous batch's statement, `store` after it. */
interface BatchWriter {
  prepare(rows: ReportRow[]): ReadyBatch;
  store(ready: ReadyBatch): Promise<{ created: number; unrouted: number }>;
}

/** The state of one import while its file streams through: counts, the current batch, problems. */
class ImportRun {
  readonly counts: ImportCounts = { rowsRead: 0, accepted: 0, duplicates: 0, unrouted: 0, rejected: 0 };
  readonly problems: ImportProblem[] = [];
  bytes = 0;
  private batch: ReportRow[] = [];
  private rejects: RowItem[] = [];

  constructor(
    private readonly feed: FeedRow,
    readonly importId: string,
    private readonly batchSize: number,
  ) {}

  async consume(
    source: ImportSource,
    limit: number,
    writer: BatchWriter,
    keep: (rejects: RowItem[]) => Promise<void>,
  ): Promise<void> {
    let reader: FeedReader;
    try {
      reader = new FeedReader(this.feed.format, this.feed.mapping, new RowNormaliser(this.feed.mapping, this.feed.threatMap));
    } catch (error) {
      throw new RollBack(error as AppError);
    }
    const decoder = new TextDecoder('utf-8'); // not fatal: bad bytes become U+FFFD and reject their row only
    // One batch is stored while the next is parsed, folded, routed and serialised: the database and the parser
    // work at the same time, and at most two batches are in memory.
    let storing: Promise<void> = Promise.resolve();
    // All-or-nothing and already failing: keep reading to report every problem, but store nothing more.
    const failing = () => this.counts.rejected > 0 && !this.feed.partial;
    const flush = async (force: boolean) => {
      if (this.rejects.length >= REJECTS_PER_WRITE || (force && this.rejects.length)) await keep(this.takeRejects());
      if (this.batch.length >= this.batchSize || (force && this.batch.length)) {
        const rows = this.batch.length;
        const ready = failing() ? undefined : writer.prepare(this.batch);
        this.batch = []; // the parsed rows can go: what is stored is their folded, serialised form
        await storing;
        if (!ready || failing()) return;
        storing = writer.store(ready).then((stored) => {
          this.counts.accepted += rows;
          this.counts.duplicates += rows - stored.created;
          this.counts.unrouted += stored.unrouted;
        });
        storing.catch(() => undefined); // awaited below; this only stops an unhandled-rejection warning meanwhile
      }
      if (force) await storing;
    };
    const take = async (items: RowItem[]) => {
      for (const item of items) {
        this.counts.rowsRead++;
        if (item.result.ok) {
          this.batch.push(item.result.row);
          if (this.batch.length >= this.batchSize) await flush(false);
        } else {
          this.counts.rejected++;
          this.rejects.push(item);
          if (this.problems.length < PROBLEMS_KEPT) this.problems.push({ line: item.line, message: item.result.message });
        }
      }
      await flush(false);
    };
    try {
      for await (const chunk of source.bytes) {
        this.bytes += chunk.length;
        if (this.bytes > limit) throw HostReportErrors.tooLarge(this.bytes, limit);
        await take(reader.push(decoder.decode(chunk, { stream: true })));
        // Let the batch being stored move on: its statements' replies are only handled when the event loop
        // turns, and buffered chunks arrive as microtasks, so parsing would hold the loop for a whole batch
        // (the routing check's reply waited, the INSERT went late, wall time was Node's plus the database's).
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
      await take([...reader.push(decoder.decode()), ...reader.end()]);
      await flush(true);
    } catch (error) {
      await storing.catch(() => undefined); // never leave a statement running when the transaction ends
      if (error instanceof AppError) throw new RollBack(error);
      throw error;
    }
  }

  takeRejects(): RowItem[] {
    const taken = this.rejects;
    this.rejects = [];
    return taken;
  }
}
