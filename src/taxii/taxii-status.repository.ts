import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Actor } from '../auth/actor';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { ActorTransactions } from '../database/actor-transaction.service';

/** One object's outcome in a status resource (TAXII 2.1 §4.3.1, "status details"). */
export interface StatusDetail {
  readonly id: string;
  readonly version: string;
  readonly message?: string;
}

/** The TAXII 2.1 status resource (§4.3.1). */
export interface TaxiiStatus {
  readonly id: string;
  readonly status: 'pending' | 'complete';
  readonly request_timestamp: string;
  readonly total_count: number;
  readonly success_count: number;
  readonly successes: StatusDetail[];
  readonly failure_count: number;
  readonly failures: StatusDetail[];
  readonly pending_count: number;
  readonly pendings: StatusDetail[];
}

interface StatusRow {
  id: string;
  status: 'pending' | 'complete';
  request_timestamp: string;
  total_count: number;
  success_count: number;
  failure_count: number;
  pending_count: number;
  successes: StatusDetail[];
  failures: StatusDetail[];
}

/**
 * Status resources in taxii_statuses, under RLS: only the posting partner's session can insert, complete or
 * read one, and the query says so again. Another partner's status id answers like an unknown one.
 *
 * Crash-consistent: the row is written `pending` (pending_count = total) in its own transaction before the
 * ingest starts, and completed inside the ingest's transaction (StixIngestService's `within`), so the stored
 * objects and their completed status commit together or not at all. A process that dies mid-ingest leaves
 * a pending status and no objects; success + failure + pending = total holds at every moment (a CHECK).
 */
@Injectable()
export class TaxiiStatusRepository {
  constructor(
    private readonly tx: ActorTransactions,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The pending row, committed before the ingest begins. */
  async begin(actor: Actor, collectionId: string, status: TaxiiStatus): Promise<void> {
    await this.tx.run(actor, async (m) => {
      await m.query(
        `INSERT INTO taxii_statuses (id, owner_partner_id, client_id, collection_id, request_timestamp, status, total_count, success_count, failure_count, pending_count, successes, failures)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
        [status.id, actor.partnerId, actor.clientId, collectionId, status.request_timestamp, status.status, status.total_count, status.success_count,
          status.failure_count, status.pending_count, JSON.stringify(status.successes), JSON.stringify(status.failures)],
      );
      // Expired statuses of this partner go now and then; nobody else's are reachable from here (RLS).
      if (Math.random() < 0.05) {
        await m.query(`DELETE FROM taxii_statuses WHERE owner_partner_id = $1 AND request_timestamp < now() - make_interval(days => $2)`, [actor.partnerId, this.config.taxii.statusRetentionDays]);
      }
    });
  }

  /** The final counts, in `m`: the ingest's transaction, or a transaction of its own after a failed ingest. */
  async complete(m: EntityManager, status: TaxiiStatus): Promise<void> {
    await m.query(
      `UPDATE taxii_statuses SET status = $2, success_count = $3, failure_count = $4, pending_count = $5, successes = $6, failures = $7 WHERE id = $1`,
      [status.id, status.status, status.success_count, status.failure_count, status.pending_count, JSON.stringify(status.successes), JSON.stringify(status.failures)],
    );
  }

  /** After an ingest that stored nothing (its transaction rolled back): every object is a failure. */
  async completeOutside(actor: Actor, status: TaxiiStatus): Promise<void> {
    await this.tx.run(actor, (m) => this.complete(m, status));
  }
  async find(actor: Actor, id: string): Promise<TaxiiStatus | null> {
    const rows: StatusRow[] = await this.tx.read(actor, (m) =>
      m.query(
        `SELECT id, status, to_char(request_timestamp AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS request_timestamp,
                total_count, success_count, failure_count, pending_count, successes, failures
           FROM taxii_statuses
          WHERE id = $1 AND owner_partner_id = $2 AND request_timestamp >= now() - make_interval(days => $3)`,
        [id, actor.partnerId, this.config.taxii.statusRetentionDays],
      ),
    );
    const r = rows[0];
    if (!r) return null;
    return { ...r, pendings: [] };
  }
}
