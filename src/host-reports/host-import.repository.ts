import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ImportCounts, ImportProblem, ImportRow, ImportStatus } from './host-report.rows';

const COLUMNS = `i.id, f.name AS "feedName", i.status, i.channel, i.file_name AS "fileName", i.bytes::float8 AS "bytes",
  i.rows_read::float8 AS "rowsRead", i.accepted::float8 AS "accepted", i.duplicates::float8 AS "duplicates",
  i.unrouted::float8 AS "unrouted", i.rejected::float8 AS "rejected", i.problems, i.started_at AS "startedAt", i.finished_at AS "finishedAt"`;

/** PostgreSQL text cannot hold NUL; a feed can. */
const noNul = (s: string) => s.replaceAll('\0', '');

/** SQL for host_report_imports and host_report_rejects (HOME only, by RLS). */
@Injectable()
export class HostImportRepository {
  async start(m: EntityManager, feedId: string, channel: string, fileName: string | null, clientId: string | null): Promise<string> {
    const rows: { id: string }[] = await m.query(
      `INSERT INTO host_report_imports (feed_id, status, channel, file_name, client_id) VALUES ($1, 'RUNNING', $2, $3, $4) RETURNING id`,
      [feedId, channel, fileName, clientId],
    );
    return rows[0]!.id;
  }

  async finish(m: EntityManager, id: string, status: ImportStatus, bytes: number, counts: ImportCounts, problems: readonly ImportProblem[]): Promise<ImportRow> {
    await m.query(
      `UPDATE host_report_imports SET status = $2, bytes = $3, rows_read = $4, accepted = $5, duplicates = $6, unrouted = $7, rejected = $8,
              problems = $9, finished_at = clock_timestamp() WHERE id = $1`,
      [id, status, bytes, counts.rowsRead, counts.accepted, counts.duplicates, counts.unrouted, counts.rejected, JSON.stringify(problems.map((p) => ({ line: p.line, message: noNul(p.message) })))],
    );
    return (await this.find(m, id))!;
  }

  /**
   * Locks the record of a running import until its transaction ends: the sign, for the sweeper, that the
   * import is alive (a crashed process's connection, and with it the lock, goes away). NO KEY: rejected rows,
   * written meanwhile by other transactions, take a key-share lock on the record through their foreign key.
   */
  async holdRunning(m: EntityManager, id: string): Promise<void> {
    await m.query(`SELECT 1 FROM host_report_imports WHERE id = $1 FOR NO KEY UPDATE`, [id]);
  }

  /** FAILED, with `reason`, for RUNNING imports older than `graceSeconds` whose lock nobody holds. */
  async failAbandoned(m: EntityManager, graceSeconds: number, reason: string): Promise<ImportRow[]> {
    const rows: { id: string }[] = await m.query(
      `WITH abandoned AS (
         SELECT id FROM host_report_imports WHERE status = 'RUNNING' AND started_at <= now() - $1 * interval '1 second' FOR UPDATE SKIP LOCKED
       ), failed AS (
         UPDATE host_report_imports i SET status = 'FAILED', accepted = 0, duplicates = 0, unrouted = 0, finished_at = clock_timestamp(),
                problems = jsonb_build_array(jsonb_build_object('line', 0, 'message', $2::text))
           FROM abandoned a WHERE i.id = a.id RETURNING i.id
       ) SELECT id FROM failed`,
      [graceSeconds, reason],
    );
    if (rows.length === 0) return [];
    return m.query(`SELECT ${COLUMNS} FROM host_report_imports i JOIN host_report_feeds f ON f.id = i.feed_id WHERE i.id = ANY($1::uuid[]) ORDER BY i.started_at`, [rows.map((r) => r.id)]);
  }

  async find(m: EntityManager, id: string): Promise<ImportRow | undefined> {
    const rows: ImportRow[] = await m.query(`SELECT ${COLUMNS} FROM host_report_imports i JOIN host_report_feeds f ON f.id = i.feed_id WHERE i.id = $1`, [id]);
    return rows[0];
  }

  async recent(m: EntityManager, limit: number): Promise<ImportRow[]> {
    return m.query(`SELECT ${COLUMNS} FROM host_report_imports i JOIN host_report_feeds f ON f.id = i.feed_id ORDER BY i.started_at DESC LIMIT $1`, [limit]);
  }

  /** Keeps a batch of rejected rows with their reasons (one INSERT). */
  async insertRejects(m: EntityManager, importId: string, rejects: readonly { line: number; message: string; raw: string }[]): Promise<void> {
    if (rejects.length === 0) return;
    await m.query(
      `INSERT INTO host_report_rejects (import_id, line, reason, raw) SELECT $1, * FROM unnest($2::bigint[], $3::text[], $4::text[])`,
      [importId, rejects.map((r) => r.line), rejects.map((r) => noNul(r.message)), rejects.map((r) => noNul(r.raw))],
    );
  }

  async rejects(m: EntityManager, importId: string, limit: number): Promise<{ line: number; reason: string; raw: string }[]> {
    return m.query(`SELECT line::float8 AS line, reason, raw FROM host_report_rejects WHERE import_id = $1 ORDER BY line LIMIT $2`, [importId, limit]);
  }
}
