import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Actor } from '../auth/actor';
import { PolicyService } from '../policy/policy.service';
import type { IncidentCategory, IncidentSource, IncidentStatus, IncidentSubcategory } from './incident.model';
import { INCIDENT_COLUMNS, type IncidentRow } from './incident.rows';

export interface IncidentFilter {
  readonly status?: IncidentStatus | null;
  readonly category?: IncidentCategory | null;
  readonly subcategory?: IncidentSubcategory | null;
  readonly source?: IncidentSource | null;
  readonly from?: Date | null;
  readonly to?: Date | null;
  readonly exercise?: boolean | null;
  readonly assignee?: string | null;
}

export type NewIncidentRow = Omit<IncidentRow, 'id' | 'seq' | 'triagedAt' | 'inProgressAt' | 'resolvedAt' | 'closedAt' | 'rejectedAt' | 'reopenedAt'>;

/** Column name per updatable field: the only names an UPDATE is ever built from. */
const UPDATABLE: Record<string, string> = {
  title: 'title', description: 'description', category: 'category', subcategory: 'subcategory', severity: 'severity',
  reporter: 'reporter', affectedOrganisation: 'affected_organisation', status: 'status', assignee: 'assignee',
  linkedRefs: 'linked_refs', stixModified: 'stix_modified', transitions: 'transitions', triagedAt: 'triaged_at',
  inProgressAt: 'in_progress_at', resolvedAt: 'resolved_at', closedAt: 'closed_at', rejectedAt: 'rejected_at',
  reopenedAt: 'reopened_at', updatedAt: 'updated_at', tlp: 'tlp', audiencePartners: 'audience_partners', audienceGroups: 'audience_groups',
};

/** All SQL on incidents and their counters. Every read carries the policy condition (RLS repeats it). */
@Injectable()
export class IncidentRepository {
  constructor(private readonly policy: PolicyService) {}

  /** The next number of the year: the counter row is locked until the caller's transaction ends. */
  async nextSequence(m: EntityManager, year: number): Promise<number> {
    const rows: { last_value: number }[] = await m.query(
      `INSERT INTO incident_counters (year, last_value) VALUES ($1, 1)
       ON CONFLICT (year) DO UPDATE SET last_value = incident_counters.last_value + 1 RETURNING last_value`,
      [year],
    );
    return rows[0]!.last_value;
  }

  async insert(m: EntityManager, row: NewIncidentRow): Promise<IncidentRow> {
    const rows: { id: string }[] = await m.query(
      `INSERT INTO incidents (reference, title, description, category, subcategory, severity, source, reporter, affected_organisation,
         status, assignee, linked_refs, stix_id, stix_modified, exercise, transitions, reported_at, updated_at, created_by_client_id,
         tlp, audience_partners, audience_groups, owner_partner_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23) RETURNING id`,
      [
        row.reference, row.title, row.description, row.category, row.subcategory, row.severity, row.source, row.reporter,
        row.affectedOrganisation, row.status, row.assignee, row.linkedRefs, row.stixId, row.stixModified, row.exercise,
        JSON.stringify(row.transitions), row.reportedAt, row.updatedAt, row.createdByClientId, row.tlp, row.audiencePartners,
        row.audienceGroups, row.ownerPartnerId,
      ],
    );
    return { ...row, id: rows[0]!.id, seq: '', triagedAt: null, inProgressAt: null, resolvedAt: null, closedAt: null, rejectedAt: null, reopenedAt: null };
  }

  /** One incident by id or reference, if this actor may see it; `lock` holds it for an update. */
  async find(m: EntityManager, actor: Actor, key: { id?: string; reference?: string }, lock = false): Promise<IncidentRow | null> {
    const byId = key.id !== undefined;
    if (byId && !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(key.id!)) return null;
    const visible = this.policy.visibleTo(actor, 'i', 1);
    const rows: IncidentRow[] = await m.query(
      `SELECT ${INCIDENT_COLUMNS} FROM incidents i WHERE ${byId ? 'i.id = $1' : 'i.reference = $1'} AND ${visible.sql}${lock ? ' FOR UPDATE' : ''}`,
      [byId ? key.id : key.reference, ...visible.params],
    );
    return rows[0] ?? null;
  }

  /** Visible incidents among these ids (for case referrals and linking), in no particular order. */
  async findMany(m: EntityManager, actor: Actor, ids: readonly string[]): Promise<IncidentRow[]> {
    if (ids.length === 0) return [];
    const visible = this.policy.visibleTo(actor, 'i', 1);
    return m.query(`SELECT ${INCIDENT_COLUMNS} FROM incidents i WHERE i.id = ANY($1::uuid[]) AND ${visible.sql}`, [ids, ...visible.params]);
  }

  async update(m: EntityManager, id: string, changes: Partial<IncidentRow>): Promise<void> {
    const entries = Object.entries(changes).filter(([k]) => UPDATABLE[k] !== undefined);
    if (entries.length === 0) return;
    const sets = entries.map(([k], i) => `${UPDATABLE[k]} = $${i + 2}`).join(', ');
    const values = entries.map(([k, v]) => (k === 'transitions' ? JSON.stringify(v) : v));
    await m.query(`UPDATE incidents SET ${sets} WHERE id = $1`, [id, ...values]);
  }

  /** A page newest first (seq descending), `size + 1` rows so the caller knows whether there is more. */
  async list(m: EntityManager, actor: Actor, filter: IncidentFilter, size: number, beforeSeq: string | undefined): Promise<IncidentRow[]> {
    const params: unknown[] = [];
    const where: string[] = [];
    const add = (sql: (p: string) => string, value: unknown) => {
      params.push(value);
      where.push(sql(`$${params.length}`));
    };
    if (filter.status) add((p) => `i.status = ${p}`, filter.status);
    if (filter.category) add((p) => `i.category = ${p}`, filter.category);
    if (filter.subcategory) add((p) => `i.subcategory = ${p}`, filter.subcategory);
    if (filter.source) add((p) => `i.source = ${p}`, filter.source);
    if (filter.from) add((p) => `i.reported_at >= ${p}`, filter.from);
    if (filter.to) add((p) => `i.reported_at < ${p}`, filter.to);
    if (filter.exercise !== undefined && filter.exercise !== null) add((p) => `i.exercise = ${p}`, filter.exercise);
    if (filter.assignee) add((p) => `i.assignee = ${p}`, filter.assignee);
    if (beforeSeq !== undefined) add((p) => `i.seq < ${p}::bigint`, beforeSeq);
    const visible = this.policy.visibleTo(actor, 'i', params.length);
    where.push(visible.sql);
    params.push(...visible.params, size + 1);
    return m.query(`SELECT ${INCIDENT_COLUMNS} FROM incidents i WHERE ${where.join(' AND ')} ORDER BY i.seq DESC LIMIT $${params.length}`, params);
  }
}
