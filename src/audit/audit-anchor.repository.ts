import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AuditAnchor } from './audit-event.types';

const ANCHOR_COLUMNS = `a.sequence::text AS sequence, encode(a.hash, 'hex') AS hash,
  to_char(a.event_time AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS event_time`;

interface AnchorRow {
  sequence: string;
  hash: string;
  event_time: string;
}

function toAnchor(row: AnchorRow): AuditAnchor {
  return { sequence: Number(row.sequence), hash: row.hash, eventTime: row.event_time };
}

/** audit_anchors (append-only, outside the chain) and the partition maintenance function. */
@Injectable()
export class AuditAnchorRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Anchors are one a day: years of them fit in memory. */
  async all(): Promise<AuditAnchor[]> {
    const rows = (await this.dataSource.query(`SELECT ${ANCHOR_COLUMNS} FROM audit_anchors a ORDER BY a.sequence`)) as AnchorRow[];
    return rows.map(toAnchor);
  }

  async latest(): Promise<(AuditAnchor & { anchoredAt: Date }) | undefined> {
    const [row] = (await this.dataSource.query(`SELECT ${ANCHOR_COLUMNS}, a.anchored_at FROM audit_anchors a ORDER BY a.sequence DESC LIMIT 1`)) as (AnchorRow & {
      anchored_at: Date;
    })[];
    return row ? { ...toAnchor(row), anchoredAt: row.anchored_at } : undefined;
  }

  /** Copies the event at `sequence` with this hash into the anchors; undefined if already anchored. */
  async insert(sequence: number, hash: string): Promise<AuditAnchor | undefined> {
    const [row] = (await this.dataSource.query(
      `INSERT INTO audit_anchors AS a (sequence, hash, event_time)
       SELECT e.sequence, e.hash, e.time FROM audit_events e WHERE e.sequence = $1 AND e.hash = decode($2, 'hex')
       ON CONFLICT (sequence) DO NOTHING
       RETURNING ${ANCHOR_COLUMNS}`,
      [sequence, hash],
    )) as AnchorRow[];
    return row ? toAnchor(row) : undefined;
  }

  /** The database's name, written into file anchors so a file shared by several databases stays unambiguous. */
  async databaseName(): Promise<string> {
    const [row] = (await this.dataSource.query('SELECT current_database() AS name')) as { name: string }[];
    return row!.name;
  }

  /** Creates the month's partition (SECURITY DEFINER: cx_app cannot run DDL); null if rows are in DEFAULT. */
  async ensurePartition(at: Date): Promise<string | null> {
    const [row] = (await this.dataSource.query('SELECT audit_ensure_partition($1::timestamptz) AS name', [at.toISOString()])) as { name: string | null }[];
    return row?.name ?? null;
  }
}
