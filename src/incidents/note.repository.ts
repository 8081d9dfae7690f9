import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Actor } from '../auth/actor';
import { PolicyService } from '../policy/policy.service';
import { NOTE_COLUMNS, type NoteRow } from './incident.rows';

export type NewNoteRow = Omit<NoteRow, 'id' | 'seq' | 'createdAt'>;

/** All SQL on incident_notes. Reads carry the policy condition; RLS adds "and its incident is visible". */
@Injectable()
export class NoteRepository {
  constructor(private readonly policy: PolicyService) {}

  async insert(m: EntityManager, note: NewNoteRow): Promise<NoteRow> {
    const rows: NoteRow[] = await m.query(
      `INSERT INTO incident_notes AS n (incident_id, parent_id, abstract, content, stix_id, author_client_id, tlp, audience_partners, audience_groups, owner_partner_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING ${NOTE_COLUMNS}`,
      [note.incidentId, note.parentId, note.abstract, note.content, note.stixId, note.authorClientId, note.tlp, note.audiencePartners, note.audienceGroups, note.ownerPartnerId],
    );
    return rows[0]!;
  }

  async find(m: EntityManager, actor: Actor, id: string): Promise<NoteRow | null> {
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) return null;
    const visible = this.policy.visibleTo(actor, 'n', 1);
    const rows: NoteRow[] = await m.query(`SELECT ${NOTE_COLUMNS} FROM incident_notes n WHERE n.id = $1 AND ${visible.sql}`, [id, ...visible.params]);
    return rows[0] ?? null;
  }

  /** Visible notes among these ids (case evidence). */
  async findMany(m: EntityManager, actor: Actor, ids: readonly string[]): Promise<NoteRow[]> {
    if (ids.length === 0) return [];
    const visible = this.policy.visibleTo(actor, 'n', 1);
    return m.query(`SELECT ${NOTE_COLUMNS} FROM incident_notes n WHERE n.id = ANY($1::uuid[]) AND ${visible.sql}`, [ids, ...visible.params]);
  }

  /** One incident's notes this actor may see, newest first, `size + 1` rows. */
  async list(m: EntityManager, actor: Actor, incidentId: string, size: number, beforeSeq: string | undefined): Promise<NoteRow[]> {
    const params: unknown[] = [incidentId];
    let where = 'n.incident_id = $1';
    if (beforeSeq !== undefined) {
      params.push(beforeSeq);
      where += ` AND n.seq < $2::bigint`;
    }
    const visible = this.policy.visibleTo(actor, 'n', params.length);
    params.push(...visible.params, size + 1);
    return m.query(`SELECT ${NOTE_COLUMNS} FROM incident_notes n WHERE ${where} AND ${visible.sql} ORDER BY n.seq DESC LIMIT $${params.length}`, params);
  }
}
