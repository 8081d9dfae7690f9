import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AppError } from '../common/errors/app-error';
import { decodeCursor, pageSize, toConnection, type Connection } from '../common/graphql/pagination';
import { appendAnchorLine, readAnchorLines } from './anchor-file';
import { AuditAnchorRepository } from './audit-anchor.repository';
import { AuditEventRepository } from './audit-event.repository';
import type { AuditAnchor, AuditEvent, AuditEventInput, AuditFilter, VerifyResult } from './audit-event.types';
import { checkFilter, filterConditions } from './audit-filter';
import { AUDIT_OPTIONS, type AuditOptions } from './audit.options';
import { verifyChain } from './chain-verifier';
import { AuditRecordError } from './details-sanitiser';
import { chainEvents, draftEvent } from './event-builder';

/** Events per INSERT statement: a 1,000-object bundle is one statement, bigger batches a few. */
const INSERT_CHUNK = 2000;

/**
 * The tamper-evident audit trail. Writes join the caller's transaction and are chained under a lock
 * held until that transaction ends: record as the LAST step before commit to keep the lock short.
 */
@Injectable()
export class AuditService {
  private readonly logger = new Logger('AuditService');

  constructor(
    private readonly dataSource: DataSource,
    private readonly events: AuditEventRepository,
    private readonly anchors: AuditAnchorRepository,
    @Inject(AUDIT_OPTIONS) private readonly options: AuditOptions,
  ) {}

  /** Records one event in the caller's transaction: it commits or rolls back with the caller's write. */
  async record(manager: EntityManager, event: AuditEventInput): Promise<AuditEvent> {
    const [stored] = await this.recordMany(manager, [event]);
    return stored!;
  }

  /** Records a batch in the caller's transaction with one lock and one multi-row INSERT per 2,000 events. */
  async recordMany(manager: EntityManager, events: readonly AuditEventInput[]): Promise<AuditEvent[]> {
    // Outside a transaction the lock would be released after its own statement and the chain could fork.
    if (!manager.queryRunner?.isTransactionActive) throw new AuditRecordError('audit events must be recorded inside the caller’s transaction');
    if (events.length === 0) return [];
    const drafts = events.map(draftEvent); // before the lock: a bad event fails without waiting for it
    const head = await this.events.lockAndReadHead(manager);
    const chained = chainEvents(head, drafts);
    for (let i = 0; i < chained.length; i += INSERT_CHUNK) await this.events.insert(manager, chained.slice(i, i + INSERT_CHUNK));
    return chained;
  }

  /** Records in a short transaction of its own, for events with no write to join (denials, failed logins). */
  async recordStandalone(event: AuditEventInput): Promise<AuditEvent> {
    return this.dataSource.transaction('READ COMMITTED', (manager) => this.record(manager, event));
  }

  /**
   * Walks the whole chain (streamed, constant memory) and checks every link and every anchor (the table's,
   * and the anchor file's when given). Returns the first broken link, or the verified head.
   */
  async verify(options: { anchorFile?: string } = {}): Promise<VerifyResult> {
    const anchors = await this.anchors.all();
    const file = options.anchorFile;
    if (file) anchors.push(...(await readAnchorLines(file, await this.anchors.databaseName())));
    return verifyChain(this.events.stream([], [], this.options.streamBatchSize), anchors);
  }

  /**
   * Anchors the current head: first verifies the events since the last anchor (so a broken chain is
   * never blessed), then copies the head to audit_anchors and, when configured, the anchor file.
   * Returns the new anchor, or undefined when there is nothing new or the chain is broken (logged).
   */
  async anchor(): Promise<AuditAnchor | undefined> {
    const last = await this.anchors.latest();
    const from = last ? [`e.sequence > $1`] : [];
    const params = last ? [last.sequence] : [];
    const result = await verifyChain(this.events.stream(from, params, this.options.streamBatchSize), [], last);
    if (!result.ok) {
      this.logger.error(`audit chain broken at sequence ${result.brokenAt} (${result.reason}): not anchoring`);
      return undefined;
    }
    if (result.headSequence === (last?.sequence ?? 0)) return undefined;
    const anchor = await this.anchors.insert(result.headSequence, result.headHash);
    if (anchor && this.options.anchorFile) await appendAnchorLine(this.options.anchorFile, await this.anchors.databaseName(), anchor);
    return anchor;
  }

  /** Ensures the partitions of the month holding `at` and the next one (UTC). */
  async ensurePartitions(at: Date = new Date()): Promise<void> {
    const next = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + 1, 1));
    for (const month of [at, next]) {
      const name = await this.anchors.ensurePartition(month);
      if (name === null) this.logger.warn(`audit events of ${month.toISOString().slice(0, 7)} are in the DEFAULT partition: no monthly partition created`);
    }
  }

  /** Newest first, keyset on sequence. Validation errors are BAD_USER_INPUT. */
  async search(filter: AuditFilter, first?: number, after?: string): Promise<Connection<AuditEvent>> {
    checkFilter(filter);
    const size = pageSize(first, this.options.maxPageSize);
    const [before] = decodeCursor(after, 1) ?? [];
    if (before !== undefined && (typeof before !== 'number' || !Number.isSafeInteger(before))) {
      throw AppError.badInput('after is not a cursor this query issued', { argument: 'after' });
    }
    const params: unknown[] = [];
    const rows = await this.events.page(filterConditions(filter, params), params, before as number | undefined, size + 1);
    return toConnection(rows, size, (e) => [e.sequence], after);
  }

  /**
   * Every event naming `objectId` among its targets, newest first. Does NOT authorise: the caller must
   * first check that the actor may see the object's access log (only the object's creator may).
   */
  async accessLog(objectId: string, first?: number, after?: string): Promise<Connection<AuditEvent>> {
    return this.search({ target: objectId }, first, after);
  }

  /**
   * Streams matching events, oldest first, one JSON object per line (the AuditEvent shape, hashes
   * included so a SIEM can re-check links), honouring back-pressure. Leaves `out` open; returns the count.
   */
  async exportJsonLines(filter: AuditFilter, out: Writable): Promise<number> {
    checkFilter(filter);
    const params: unknown[] = [];
    let count = 0;
    for await (const batch of this.events.stream(filterConditions(filter, params), params, this.options.streamBatchSize)) {
      for (const event of batch) {
        count++;
        if (!out.write(JSON.stringify(event) + '\n')) await once(out, 'drain');
      }
    }
    return count;
  }
}
