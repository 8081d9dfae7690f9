import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { OBJECT_COLUMNS } from './stix-object.repository';
import type { StoredObject } from './stix-store.types';

/** A stored version with the two strings TAXII pages on: date added (µs) and the version. */
export interface DatedObject extends StoredObject {
  /** received_at, `YYYY-MM-DDTHH:MM:SS.ffffffZ`. */
  readonly dateAdded: string;
}

const MICRO = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/**
 * SQL for TAXII pages over stix_objects, oldest added first on the (received_at, seq) keyset. Every page
 * stops at taxii_commit_horizon() (migration 1764130000000): a transaction still running may yet commit
 * rows with an earlier received_at and seq, and a page that had passed them would skip them for good.
 */
@Injectable()
export class StixTaxiiRepository {
  /**
   * `where` must include the visibility condition; `withObjects` false leaves the object JSON out
   * (manifests). `ordered`: walk the (received_at, seq) index in order and stop at the limit. The planner
   * cannot estimate the policy condition (it guesses a few percent of rows pass where most do), so left
   * alone it reads every row after the cursor and sorts them: each page of a 100,000-object pull cost
   * 250 ms instead of a few. Transaction-local settings; callers leave it off when an id list narrows
   * the query (an index on id is better there). `branches`: conditions each selecting one index range
   * (one type or marking), read in date-added order separately and merged (see StixTaxiiQueryService).
   */
  async page(m: EntityManager, where: string[], params: unknown[], limit: number, withObjects: boolean, ordered: boolean, branches?: readonly string[]): Promise<DatedObject[]> {
    if (ordered) await m.query(`SELECT set_config('enable_sort', 'off', true), set_config('enable_bitmapscan', 'off', true)`);
    const columns = withObjects ? OBJECT_COLUMNS : OBJECT_COLUMNS.replace('o.object,', `'{}'::jsonb AS object,`);
    const n = Math.floor(limit);
    const select = (extra: string[]) =>
      `SELECT ${columns}, ${MICRO('o.received_at')} AS "dateAdded", o.seq AS order_seq
         FROM stix_objects o
        WHERE o.received_at < (SELECT at FROM horizon) AND ${[...extra, ...where].join(' AND ')}
        ORDER BY o.received_at, o.seq
        LIMIT ${n}`;
    // One horizon for the whole page (a CTE is evaluated once), whatever the number of branches.
    const sql = branches
      ? `WITH horizon AS MATERIALIZED (SELECT taxii_commit_horizon() AS at)
         SELECT * FROM (${branches.map((b) => `(${select([b])})`).join(' UNION ALL ')}) page ORDER BY page."receivedAt", page.order_seq LIMIT ${n}`
      : `WITH horizon AS MATERIALIZED (SELECT taxii_commit_horizon() AS at) ${select([])}`;
    const rows: (DatedObject & { order_seq?: unknown })[] = await m.query(sql, params);
    for (const row of rows) delete row.order_seq;
    return rows;
  }

  /** Planner settings back to normal, for what else a transaction does after a page (the read audit). */
  async restorePlanner(m: EntityManager): Promise<void> {
    await m.query(`SELECT set_config('enable_sort', 'on', true), set_config('enable_bitmapscan', 'on', true)`);
  }
}
