import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { FeedRow } from './host-report.rows';

const COLUMNS = `f.id, f.name, f.format, f.mapping, f.threat_map AS "threatMap", f.partial, f.max_bytes::float8 AS "maxBytes",
  f.url, f.schedule, f.auth_header AS "authHeader", f.auth_env AS "authEnv", f.created_at AS "createdAt", f.updated_at AS "updatedAt"`;

/** What a feed is made of: its row without the identity and timestamps the database assigns. */
export type FeedValues = Omit<FeedRow, 'id' | 'createdAt' | 'updatedAt'>;

/** SQL for host_report_feeds (HOME only, by RLS). */
@Injectable()
export class HostFeedRepository {
  async findByName(m: EntityManager, name: string, lock = false): Promise<FeedRow | undefined> {
    const rows: FeedRow[] = await m.query(`SELECT ${COLUMNS} FROM host_report_feeds f WHERE lower(f.name) = lower($1)${lock ? ' FOR UPDATE' : ''}`, [name]);
    return rows[0];
  }

  async findById(m: EntityManager, id: string): Promise<FeedRow | undefined> {
    const rows: FeedRow[] = await m.query(`SELECT ${COLUMNS} FROM host_report_feeds f WHERE f.id = $1`, [id]);
    return rows[0];
  }

  async list(m: EntityManager): Promise<FeedRow[]> {
    return m.query(`SELECT ${COLUMNS} FROM host_report_feeds f ORDER BY lower(f.name)`);
  }

  async insert(m: EntityManager, v: FeedValues): Promise<FeedRow> {
    const rows: FeedRow[] = await m.query(
      `INSERT INTO host_report_feeds AS f (name, format, mapping, threat_map, partial, max_bytes, url, schedule, auth_header, auth_env)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING ${COLUMNS}`,
      [v.name, v.format, JSON.stringify(v.mapping), JSON.stringify(v.threatMap), v.partial, v.maxBytes, v.url, v.schedule, v.authHeader, v.authEnv],
    );
    return rows[0]!;
  }

  async update(m: EntityManager, id: string, v: FeedValues): Promise<FeedRow> {
    const rows: FeedRow[] = await m.query(
      // As a SELECT over the update: TypeORM answers a bare UPDATE … RETURNING with [rows, count].
      `WITH f AS (
         UPDATE host_report_feeds SET name = $2, format = $3, mapping = $4, threat_map = $5, partial = $6, max_bytes = $7,
                url = $8, schedule = $9, auth_header = $10, auth_env = $11, updated_at = now()
          WHERE id = $1 RETURNING *
       ) SELECT ${COLUMNS} FROM f`,
      [id, v.name, v.format, JSON.stringify(v.mapping), JSON.stringify(v.threatMap), v.partial, v.maxBytes, v.url, v.schedule, v.authHeader, v.authEnv],
    );
    return rows[0]!;
  }
}
