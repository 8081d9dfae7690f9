import { Injectable } from '@nestjs/common';
import type { PoolClient, QueryResult } from 'pg';
import { DataSource, type EntityManager } from 'typeorm';
import type { Channel } from '../common/request-context';
import type { AuditOutcome } from './audit-actions';
import type { AuditEvent } from './audit-event.types';
import type { JsonObject } from './canonical-form';

/** Key of the transaction-scoped advisory lock that serialises appends (one chain per database). */
export const CHAIN_LOCK_KEY = 4242424200;

/** The one text form of a stored time: UTC, microseconds; what the canonical form hashes. */
const TIME_TEXT = `'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'`;

export const EVENT_COLUMNS = `e.sequence::text AS sequence, to_char(e.time AT TIME ZONE 'UTC', ${TIME_TEXT}) AS time,
  e.actor_client_id, e.partner_id, e.action, e.channel, e.request_id, e.source_address, e.outcome, e.target_ids,
  e.details, encode(e.prev_hash, 'hex') AS prev_hash, encode(e.hash, 'hex') AS hash`;

export interface EventRow {
  sequence: string;
  time: string;
  actor_client_id: string | null;
  partner_id: string | null;
  action: string;
  channel: Channel;
  request_id: string | null;
  source_address: string | null;
  outcome: AuditOutcome;
  target_ids: string[];
  details: JsonObject;
  prev_hash: string;
  hash: string;
}

export function toEvent(row: EventRow): AuditEvent {
  const sequence = Number(row.sequence);
  if (!Number.isSafeInteger(sequence)) throw new Error(`audit sequence ${row.sequence} is beyond 2^53`);
  return {
    sequence,
    time: row.time,
    actorClientId: row.actor_client_id,
    partnerId: row.partner_id,
    action: row.action,
    channel: row.channel,
    requestId: row.request_id,
    sourceAddress: row.source_address,
    outcome: row.outcome,
    targetIds: row.target_ids,
    details: row.details,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

/** The caller's transaction's own pg connection (QueryRunner.connect returns the driver's client). */
async function pgClient(manager: EntityManager): Promise<PoolClient> {
  return (await manager.queryRunner!.connect()) as PoolClient;
}

/** A PostgreSQL array literal of strings, so each row's text[] travels inside one text[] parameter. */
export function pgTextArray(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/[\\"]/g, '\\$&')}"`).join(',')}}`;
}

export interface ChainHead {
  readonly sequence: number;
  readonly hash: string | null;
  /** The append time: the clock, but never before the head's time, so time follows sequence. */
  readonly now: string;
}

/** All SQL on audit_events. Appends run on the caller's transaction; reads on the pool (as cx_app). */
@Injectable()
export class AuditEventRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Takes the chain lock (held until the caller's transaction ends) and reads the head, in ONE round
   * trip: two statements in one simple-protocol query, each with its own snapshot, so the head read sees
   * the previous lock holder's commit. That holds only under READ COMMITTED; under REPEATABLE READ or
   * SERIALIZABLE two writers would extend the same head, so those are refused.
   */
  async lockAndReadHead(manager: EntityManager): Promise<ChainHead> {
    const client = await pgClient(manager);
    const results = (await client.query(
      `SELECT current_setting('transaction_isolation') AS isolation FROM (SELECT pg_advisory_xact_lock(${CHAIN_LOCK_KEY})) AS l;
       SELECT h.sequence::text AS sequence, encode(h.hash, 'hex') AS hash,
              to_char(GREATEST(clock_timestamp(), h.time) AT TIME ZONE 'UTC', ${TIME_TEXT}) AS now
       FROM (SELECT 1) AS one
       LEFT JOIN LATERAL (SELECT e.sequence, e.hash, e.time FROM audit_events e ORDER BY e.sequence DESC LIMIT 1) AS h ON true`,
    )) as unknown as QueryResult[];
    const isolation = (results[0]?.rows[0] as { isolation?: string } | undefined)?.isolation;
    if (isolation !== 'read committed') throw new Error(`audit events must be recorded in a READ COMMITTED transaction (got ${isolation})`);
    const head = results[1]!.rows[0] as { sequence: string | null; hash: string | null; now: string };
    return { sequence: head.sequence ? Number(head.sequence) : 0, hash: head.hash, now: head.now };
  }

  /**
   * One multi-row INSERT for the whole batch (arrays unnested server-side, all events sharing one time),
   * as a named prepared statement so the connection plans it once.
   */
  async insert(manager: EntityManager, events: readonly AuditEvent[]): Promise<void> {
    if (events.length === 0) return;
    const client = await pgClient(manager);
    await client.query({
      name: 'cx_audit_insert_v1',
      text: `INSERT INTO audit_events (sequence, time, actor_client_id, partner_id, action, channel, request_id, source_address,
                                       outcome, target_ids, details, prev_hash, hash)
             SELECT u.seq, $2::timestamptz, u.actor, u.partner, u.action, u.channel, u.req, u.src, u.outcome,
                    u.targets::text[], u.details, decode(u.prev, 'hex'), decode(u.hash, 'hex')
             FROM unnest($1::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[],
                         $10::text[], $11::jsonb[], $12::text[], $13::text[])
                  AS u(seq, actor, partner, action, channel, req, src, outcome, targets, details, prev, hash)`,
      values: [
        events.map((e) => e.sequence),
        events[0]!.time,
        events.map((e) => e.actorClientId),
        events.map((e) => e.partnerId),
        events.map((e) => e.action),
        events.map((e) => e.channel),
        events.map((e) => e.requestId),
        events.map((e) => e.sourceAddress),
        events.map((e) => e.outcome),
        events.map((e) => pgTextArray(e.targetIds)),
        events.map((e) => JSON.stringify(e.details)),
        events.map((e) => e.prevHash),
        events.map((e) => e.hash),
      ],
    });
  }

  /** Newest first, keyset on sequence; `limit` includes the look-ahead row. */
  async page(conditions: string[], params: unknown[], before: number | undefined, limit: number): Promise<AuditEvent[]> {
    const all = [...params];
    const where = [...conditions];
    if (before !== undefined) {
      all.push(before);
      where.push(`e.sequence < $${all.length}`);
    }
    all.push(limit);
    const rows = (await this.dataSource.query(
      `SELECT ${EVENT_COLUMNS} FROM audit_events e ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY e.sequence DESC LIMIT $${all.length}`,
      all,
    )) as EventRow[];
    return rows.map(toEvent);
  }

  /**
   * Streams matching events oldest first in batches, through a server-side cursor in one read-only
   * REPEATABLE READ transaction: a consistent snapshot, and memory bounded by the batch size however
   * long the chain. The transaction ends when the consumer finishes or stops early.
   */
  async *stream(conditions: string[], params: unknown[], batchSize: number): AsyncGenerator<AuditEvent[]> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.query('START TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY');
      await runner.query(
        `DECLARE audit_walk NO SCROLL CURSOR FOR SELECT ${EVENT_COLUMNS} FROM audit_events e
         ${conditions.length ? `WHERE ${conditions.join(' AND ')}` : ''} ORDER BY e.sequence, e.time`,
        params,
      );
      for (;;) {
        const rows = (await runner.query(`FETCH FORWARD ${Math.trunc(batchSize)} FROM audit_walk`)) as EventRow[];
        if (rows.length === 0) break;
        yield rows.map(toEvent);
      }
    } finally {
      await runner.query('ROLLBACK').catch(() => undefined);
      await runner.release();
    }
  }
}
