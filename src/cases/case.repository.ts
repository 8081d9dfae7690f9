import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { CASE_COLUMNS, type CaseItemRow, type CaseRow, type CaseStatus, type EvidenceKind } from './case.rows';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * All SQL on police_cases and police_case_items. RLS lets HOME and the referred partner read a case;
 * `grantedTo` narrows to the clients HOME granted (the session knows partners, not clients).
 */
@Injectable()
export class CaseRepository {
  async insert(
    m: EntityManager,
    c: { caseNumber: string; lawPartnerId: string; legalBasis: string; grantedClientIds: string[]; ownerPartnerId: string; createdByClientId: string },
  ): Promise<CaseRow | null> {
    const rows: CaseRow[] = await m.query(
      `INSERT INTO police_cases AS c (case_number, law_partner_id, legal_basis, status, granted_client_ids, owner_partner_id, created_by_client_id)
       VALUES ($1, $2, $3, 'OPEN', $4, $5, $6) ON CONFLICT (case_number) DO NOTHING RETURNING ${CASE_COLUMNS}`,
      [c.caseNumber, c.lawPartnerId, c.legalBasis, c.grantedClientIds, c.ownerPartnerId, c.createdByClientId],
    );
    return rows[0] ?? null;
  }

  async addItems(m: EntityManager, caseId: string, items: { kind: EvidenceKind; refId: string; stixId: string; object: Record<string, unknown> }[]): Promise<number> {
    if (items.length === 0) return 0;
    const rows: unknown[] = await m.query(
      `INSERT INTO police_case_items (case_id, position, kind, ref_id, stix_id, object)
       SELECT $1, COALESCE((SELECT max(position) + 1 FROM police_case_items WHERE case_id = $1), 0) + r.n - 1, r.kind, r.ref_id, r.stix_id, r.object
         FROM unnest($2::text[], $3::text[], $4::text[], $5::jsonb[]) WITH ORDINALITY AS r(kind, ref_id, stix_id, object, n)
       ON CONFLICT (case_id, stix_id) DO NOTHING RETURNING stix_id`,
      [caseId, items.map((i) => i.kind), items.map((i) => i.refId), items.map((i) => i.stixId), items.map((i) => JSON.stringify(i.object))],
    );
    return rows.length;
  }

  /** One case, when this client of this (RLS-visible) partner may see it; `all` for HOME. */
  async find(m: EntityManager, id: string, clientId: string | null, lock = false): Promise<CaseRow | null> {
    if (!UUID.test(id)) return null;
    const rows: CaseRow[] = await m.query(
      `SELECT ${CASE_COLUMNS} FROM police_cases c WHERE c.id = $1 AND ($2::text IS NULL OR $2 = ANY(c.granted_client_ids))${lock ? ' FOR UPDATE' : ''}`,
      [id, clientId],
    );
    return rows[0] ?? null;
  }

  async list(m: EntityManager, clientId: string | null, size: number, beforeSeq: string | undefined): Promise<CaseRow[]> {
    return m.query(
      `SELECT ${CASE_COLUMNS} FROM police_cases c WHERE ($1::text IS NULL OR $1 = ANY(c.granted_client_ids)) AND ($2::bigint IS NULL OR c.seq < $2)
       ORDER BY c.seq DESC LIMIT $3`,
      [clientId, beforeSeq ?? null, size + 1],
    );
  }

  async items(m: EntityManager, caseId: string): Promise<CaseItemRow[]> {
    return m.query(
      `SELECT position, kind, ref_id AS "refId", stix_id AS "stixId", object, added_at AS "addedAt" FROM police_case_items WHERE case_id = $1 ORDER BY position`,
      [caseId],
    );
  }

  async update(m: EntityManager, id: string, changes: { status?: CaseStatus; grantedClientIds?: string[]; bumpRevision?: boolean }): Promise<void> {
    await m.query(
      `UPDATE police_cases SET status = COALESCE($2, status), granted_client_ids = COALESCE($3, granted_client_ids),
         revision = revision + CASE WHEN $4 THEN 1 ELSE 0 END, updated_at = now() WHERE id = $1`,
      [id, changes.status ?? null, changes.grantedClientIds ?? null, changes.bumpRevision ?? false],
    );
  }
}
