import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { AppError } from '../common/errors/app-error';
import { decodeCursor, pageSize, toConnection, type Connection } from '../common/graphql/pagination';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/app-config';
import { ActorTransactions } from '../database/actor-transaction.service';
import { PartnersService } from '../partners/partners.service';
import { PolicyService } from '../policy/policy.service';
import { StixStoreService } from '../stix/store/stix-store.service';
import { formatIncidentReference } from './incident-reference';
import { IncidentMirror } from './incident-mirror.service';
import { IncidentSharing, type SharingInput } from './incident-sharing';
import { handlingNoteToStix, incidentToStix } from './incident-stix';
import { canTransition, timestampColumnFor, transitionRefusal, allowedTransitions } from './incident-transitions';
import { INCIDENT_SENSITIVE_PATHS, type IncidentCategory, type IncidentSeverity, type IncidentSource, type IncidentStatus, type IncidentSubcategory } from './incident.model';
import { IncidentRepository, type IncidentFilter } from './incident.repository';
import type { IncidentRow } from './incident.rows';

export interface NewIncident extends SharingInput {
  readonly title: string;
  readonly description?: string | null;
  readonly category: IncidentCategory;
  readonly subcategory: IncidentSubcategory;
  readonly severity: IncidentSeverity;
  readonly source: IncidentSource;
  readonly reporter?: string | null;
  readonly affectedOrganisation?: string | null;
  readonly assignee?: string | null;
  readonly exercise?: boolean | null;
}

/** Only the fields given change; null clears an optional field (and is refused for a required one). */
export type IncidentChanges = { readonly [K in keyof Omit<NewIncident, 'source' | 'exercise'>]?: NewIncident[K] | null };

/** What a viewer receives: the row with the sensitive fields this viewer may not see set to null. */
export interface IncidentView {
  readonly row: IncidentRow;
  readonly reporter: string | null;
  readonly affectedOrganisation: string | null;
  readonly audience: { partners: string[]; groups: string[] } | null;
}

const TRANSITION_COLUMN_FIELD: Record<string, keyof IncidentRow> = {
  triaged_at: 'triagedAt', in_progress_at: 'inProgressAt', resolved_at: 'resolvedAt', closed_at: 'closedAt', rejected_at: 'rejectedAt', reopened_at: 'reopenedAt',
};

/**
 * Incidents: numbering, the workflow, and the STIX mirror. The reporting partner and HOME change an
 * incident; anyone who may see it reads it and adds notes.
 */
@Injectable()
export class IncidentsService {
  constructor(
    private readonly tx: ActorTransactions,
    private readonly incidents: IncidentRepository,
    private readonly policy: PolicyService,
    private readonly partners: PartnersService,
    private readonly sharing: IncidentSharing,
    private readonly mirror: IncidentMirror,
    private readonly store: StixStoreService,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async create(actor: Actor, input: NewIncident): Promise<IncidentView> {
    checkText(input.title, 'title', 300);
    const home = await this.partners.home();
    if (!home) throw AppError.conflict('no HOME partner: references cannot be numbered');
    const sharing = await this.sharing.resolve(input);
    const now = new Date();
    const row = await this.tx.run(actor, async (m) => {
      const year = now.getUTCFullYear();
      const reference = formatIncidentReference(home.shortName, year, await this.incidents.nextSequence(m, year));
      const created = await this.incidents.insert(m, {
        reference, title: input.title.trim(), description: input.description ?? null, category: input.category, subcategory: input.subcategory,
        severity: input.severity, source: input.source, reporter: input.reporter ?? null, affectedOrganisation: input.affectedOrganisation ?? null,
        status: 'REPORTED', assignee: input.assignee ?? null, linkedRefs: [], stixId: `incident--${randomUUID()}`, stixModified: now,
        exercise: input.exercise ?? false, transitions: [], reportedAt: now, updatedAt: now, createdByClientId: actor.clientId,
        ...sharing, ownerPartnerId: actor.partnerId,
      });
      await this.audit.record(m, { action: 'incident.create', outcome: 'ok', actor, targetIds: [created.id, created.stixId], details: { reference, tlp: sharing.tlp, exercise: created.exercise } });
      await this.mirror.publish(m, actor, incidentToStix(created, actor.identityRef), created);
      return created;
    });
    return this.get(actor, { id: row.id });
  }

  async get(actor: Actor, key: { id?: string | null; reference?: string | null }): Promise<IncidentView> {
    if (!key.id === !key.reference) throw AppError.badInput('give exactly one of id and reference', { argument: 'id' });
    const label = (key.id ?? key.reference)!;
    const row = await this.tx.run(actor, async (m) => {
      const found = await this.incidents.find(m, actor, key.id ? { id: key.id } : { reference: key.reference! });
      this.policy.assertCanSee(actor, found, 'Incident', label);
      await this.auditReads(m, actor, [found], 'incident');
      return found;
    });
    return this.view(actor, row);
  }

  async list(actor: Actor, filter: IncidentFilter, first?: number, after?: string): Promise<Connection<IncidentView>> {
    const size = pageSize(first, this.config.maxPageSize);
    const cursor = decodeCursor(after, 1);
    const rows = await this.tx.run(actor, async (m) => {
      const found = await this.incidents.list(m, actor, filter, size, cursor ? String(cursor[0]) : undefined);
      await this.auditReads(m, actor, found.slice(0, size), 'incidents');
      return found;
    });
    const views = await Promise.all(rows.map((r) => this.view(actor, r)));
    return toConnection(views, size, (v) => [v.row.seq], after);
  }

  async update(actor: Actor, id: string, changes: IncidentChanges): Promise<IncidentView> {
    if (changes.title !== undefined && changes.title !== null) checkText(changes.title, 'title', 300);
    const sharingChange = changes.tlp !== undefined || changes.audiencePartners !== undefined || changes.audienceGroups !== undefined;
    const resolved = sharingChange ? await this.sharing.resolve(changes) : null;
    return this.change(actor, id, 'incident.update', (row) => {
      const next: Partial<IncidentRow> = {};
      for (const key of ['title', 'description', 'category', 'subcategory', 'severity', 'reporter', 'affectedOrganisation', 'assignee'] as const) {
        const value = changes[key];
        if (value === undefined) continue;
        if (value === null && (key === 'title' || key === 'category' || key === 'subcategory' || key === 'severity')) {
          throw AppError.badInput(`${key} cannot be cleared`, { argument: key });
        }
        Object.assign(next, { [key]: value });
      }
      if (resolved) {
        // The partner's STIX incident keeps the partner's marking (only its creator versions it): a row
        // marked differently from its mirror would be shared by two rules, so HOME does not re-mark it.
        if (!owns(actor, row)) throw AppError.forbidden('only the partner that reported an incident changes its marking and audience');
        const after = { tlp: resolved.tlp ?? row.tlp, audiencePartners: resolved.audiencePartners, audienceGroups: resolved.audienceGroups };
        this.policy.assertCanChangeSharing(actor, row, after);
        Object.assign(next, after);
      }
      return { changes: next, details: { fields: Object.keys(next) }, summary: `updated ${Object.keys(next).join(', ') || 'nothing'}` };
    });
  }

  async transition(actor: Actor, id: string, to: IncidentStatus): Promise<IncidentView> {
    return this.change(actor, id, 'incident.transition', (row, now) => {
      if (!canTransition(row.status, to)) {
        throw AppError.badInput(transitionRefusal(row.status, to), { argument: 'to', from: row.status, allowed: [...allowedTransitions(row.status)] });
      }
      const column = timestampColumnFor(row.status, to)!;
      const transitions = [...row.transitions, { from: row.status, to, at: now.toISOString(), by: actor.clientId }];
      return { changes: { status: to, transitions, [TRANSITION_COLUMN_FIELD[column]!]: now }, details: { from: row.status, to }, summary: `status ${row.status} → ${to}` };
    });
  }

  /** Links STIX objects the actor can see (each checked, hidden == missing) to the incident. */
  async linkObjects(actor: Actor, id: string, stixIds: readonly string[]): Promise<IncidentView> {
    if (stixIds.length === 0 || stixIds.length > 100) throw AppError.badInput('give between 1 and 100 STIX ids', { argument: 'stixIds' });
    for (const stixId of new Set(stixIds)) await this.store.get(actor, stixId);
    return this.change(actor, id, 'incident.link', (row) => {
      const linkedRefs = [...new Set([...row.linkedRefs, ...stixIds])];
      const linked = [...new Set(stixIds)];
      return { changes: { linkedRefs }, details: { linked }, summary: `linked ${linked.join(', ')}` };
    });
  }

  /**
   * The shared shape of every change: lock, check who handles it, apply, bump the STIX version, audit
   * and mirror, in one transaction. The reporting partner and HOME (whose reference it carries and who
   * works it, docs/incidents-and-cases.md) change an incident; other partners that see it add notes.
   * The owner's change writes a new version of its STIX incident; HOME's change of a partner's incident
   * is published as a STIX note of HOME's (handlingNoteToStix), since only a creator versions an object.
   */
  private async change(
    actor: Actor,
    id: string,
    action: 'incident.update' | 'incident.transition' | 'incident.link',
    apply: (row: IncidentRow, now: Date) => { changes: Partial<IncidentRow>; details: Record<string, unknown>; summary: string },
  ): Promise<IncidentView> {
    await this.tx.run(actor, async (m) => {
      // Seen first, then locked: FOR UPDATE also applies the UPDATE policy, which would turn a visible
      // incident of someone else into NOT_FOUND instead of the FORBIDDEN its viewer should get.
      const seen = await this.incidents.find(m, actor, { id });
      this.policy.assertCanSee(actor, seen, 'Incident', id);
      if (!owns(actor, seen) && !this.policy.isHome(actor)) throw AppError.forbidden('only the partner that reported an incident and the home CERT change it');
      const row = (await this.incidents.find(m, actor, { id }, true))!;
      let now = new Date();
      // STIX versions need strictly increasing `modified`; two changes in one millisecond get the next one.
      if (now.getTime() <= row.stixModified.getTime()) now = new Date(row.stixModified.getTime() + 1);
      const { changes, details, summary } = apply(row, now);
      const all = { ...changes, stixModified: now, updatedAt: now };
      const updated = { ...row, ...all } as IncidentRow;
      const handling = owns(actor, row) ? null : { noteId: `note--${randomUUID()}`, at: now, summary };
      await this.incidents.update(m, row.id, all);
      await this.audit.record(m, {
        action, outcome: 'ok', actor, targetIds: [row.id, row.stixId, ...(handling ? [handling.noteId] : [])],
        details: { reference: row.reference, ...details, ...(handling ? { handledFor: row.ownerPartnerId } : {}) },
      });
      const object = handling ? handlingNoteToStix(updated, handling, actor.identityRef) : incidentToStix(updated, actor.identityRef);
      await this.mirror.publish(m, actor, object, updated);
    });
    return this.get(actor, { id });
  }

  /**
   * For case referrals: the visible incidents among `ids`, with their STIX ids. A missing or hidden id
   * is NOT_FOUND (naming it), so a referral never silently drops an incident.
   */
  async referable(actor: Actor, ids: readonly string[]): Promise<IncidentRow[]> {
    const unique = [...new Set(ids)];
    const rows = await this.tx.read(actor, (m) => this.incidents.findMany(m, actor, unique));
    const found = new Set(rows.map((r) => r.id));
    const missing = unique.find((id) => !found.has(id));
    if (missing !== undefined) throw AppError.notFound('Incident', missing);
    return unique.map((id) => rows.find((r) => r.id === id)!);
  }

  /**
   * As for STIX objects (docs/trust-model.md): reads of AMBER+STRICT and RED incidents, and reads from
   * which sensitive fields were withheld, are recorded, in one event per request.
   */
  private async auditReads(m: EntityManager, actor: Actor, rows: readonly IncidentRow[], operation: string): Promise<void> {
    const audited = rows.filter((r) => {
      const tlp = r.tlp ?? this.policy.defaultTlp;
      return tlp === 'RED' || tlp === 'AMBER+STRICT' || this.redacted(actor, r).redactedPaths.length > 0;
    });
    if (audited.length === 0) return;
    const redacted = audited.filter((r) => this.redacted(actor, r).redactedPaths.length > 0).length;
    await this.audit.record(m, { action: 'incident.read', outcome: 'ok', actor, targetIds: audited.map((r) => r.id), details: { operation, redactedIncidents: redacted } });
  }

  /** Empty sensitive fields are left out first: withholding nothing is not a redaction. */
  private redacted(actor: Actor, row: IncidentRow) {
    const { reporter, affectedOrganisation, ...rest } = row;
    const present = { ...rest, ...(reporter !== null ? { reporter } : {}), ...(affectedOrganisation !== null ? { affectedOrganisation } : {}) };
    return this.policy.redactWith(actor, row, present, INCIDENT_SENSITIVE_PATHS);
  }

  async view(actor: Actor, row: IncidentRow): Promise<IncidentView> {
    const { value } = this.redacted(actor, row);
    const privileged = this.policy.isHome(actor) || row.ownerPartnerId.toLowerCase() === actor.partnerId.toLowerCase();
    return {
      row,
      reporter: value.reporter ?? null,
      affectedOrganisation: value.affectedOrganisation ?? null,
      audience: privileged ? await this.sharing.audienceNames(row) : null,
    };
  }
}

function owns(actor: Actor, row: IncidentRow): boolean {
  return row.ownerPartnerId.toLowerCase() === actor.partnerId.toLowerCase();
}

function checkText(value: string, argument: string, max: number): void {
  const trimmed = value.trim();
  if (trimmed.length === 0 || trimmed.length > max) throw AppError.badInput(`${argument} must be 1 to ${max} characters`, { argument });
}
