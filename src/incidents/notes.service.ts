import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { AppError } from '../common/errors/app-error';
import { decodeCursor, pageSize, toConnection, type Connection } from '../common/graphql/pagination';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/app-config';
import { ActorTransactions } from '../database/actor-transaction.service';
import { PartnersService } from '../partners/partners.service';
import { tlpRank } from '../policy';
import { PolicyService } from '../policy/policy.service';
import { IncidentMirror } from './incident-mirror.service';
import { IncidentSharing, type SharingInput } from './incident-sharing';
import { noteToStix } from './incident-stix';
import { IncidentRepository } from './incident.repository';
import type { NoteRow } from './incident.rows';
import { NoteRepository } from './note.repository';

export interface NewNote extends SharingInput {
  readonly incidentId: string;
  readonly content: string;
  readonly abstract?: string | null;
  readonly inReplyTo?: string | null;
}

export interface NoteView {
  readonly row: NoteRow;
  readonly authorPartner: string | null;
}

/**
 * Notes on incidents. Anyone who can see an incident may add one; a note is never looser than its
 * incident (its marking at least as strict, the incident's audience unless it names its own), since
 * its STIX form travels alone over TAXII where the incident's visibility is not checked again.
 */
@Injectable()
export class NotesService {
  constructor(
    private readonly tx: ActorTransactions,
    private readonly incidents: IncidentRepository,
    private readonly notes: NoteRepository,
    private readonly policy: PolicyService,
    private readonly partners: PartnersService,
    private readonly sharing: IncidentSharing,
    private readonly mirror: IncidentMirror,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async add(actor: Actor, input: NewNote): Promise<NoteView> {
    const content = input.content.trim();
    if (content.length === 0 || content.length > 20000) throw AppError.badInput('content must be 1 to 20,000 characters', { argument: 'content' });
    const requested = await this.sharing.resolve(input);
    const note = await this.tx.run(actor, async (m) => {
      const incident = await this.incidents.find(m, actor, { id: input.incidentId });
      this.policy.assertCanSee(actor, incident, 'Incident', input.incidentId);
      let parent: NoteRow | null = null;
      if (input.inReplyTo) {
        parent = await this.notes.find(m, actor, input.inReplyTo);
        if (!parent || parent.incidentId !== incident.id) throw AppError.notFound('Note', input.inReplyTo);
      }
      const floor = parent ?? incident;
      const floorTlp = floor.tlp ?? this.policy.defaultTlp;
      const tlp = requested.tlp ?? floorTlp;
      if (tlpRank(tlp) < tlpRank(floorTlp)) {
        throw AppError.badInput(`a note cannot be marked ${tlp}: what it answers is ${floorTlp}`, { argument: 'tlp' });
      }
      const ownAudience = requested.audiencePartners !== null || requested.audienceGroups !== null;
      const audience = ownAudience ? requested : floor;
      const created = await this.notes.insert(m, {
        incidentId: incident.id, parentId: parent?.id ?? null, abstract: input.abstract ?? null, content, stixId: `note--${randomUUID()}`,
        authorClientId: actor.clientId, tlp, audiencePartners: audience.audiencePartners, audienceGroups: audience.audienceGroups,
        ownerPartnerId: actor.partnerId,
      });
      await this.audit.record(m, { action: 'incident.note', outcome: 'ok', actor, targetIds: [incident.id, created.id, created.stixId], details: { reference: incident.reference, tlp, inReplyTo: parent?.id ?? null } });
      await this.mirror.publish(m, actor, noteToStix(created, incident.stixId, parent?.stixId ?? null, actor.identityRef), created);
      return created;
    });
    return { row: note, authorPartner: actor.partnerShortName };
  }

  /** For case evidence: the visible notes among `ids`; a missing or hidden one is NOT_FOUND. */
  async referable(actor: Actor, ids: readonly string[]): Promise<NoteRow[]> {
    const unique = [...new Set(ids)];
    const rows = await this.tx.read(actor, (m) => this.notes.findMany(m, actor, unique));
    const missing = unique.find((id) => !rows.some((r) => r.id === id));
    if (missing !== undefined) throw AppError.notFound('Note', missing);
    return unique.map((id) => rows.find((r) => r.id === id)!);
  }

  /** An incident's notes newest first; NOT_FOUND when the incident is not visible. */
  async list(actor: Actor, incidentId: string, first?: number, after?: string): Promise<Connection<NoteView>> {
    const size = pageSize(first, this.config.maxPageSize);
    const cursor = decodeCursor(after, 1);
    const rows = await this.tx.read(actor, async (m) => {
      const incident = await this.incidents.find(m, actor, { id: incidentId });
      this.policy.assertCanSee(actor, incident, 'Incident', incidentId);
      return this.notes.list(m, actor, incident.id, size, cursor ? String(cursor[0]) : undefined);
    });
    const names = new Map((await this.partners.findByIds([...new Set(rows.map((r) => r.ownerPartnerId))])).map((p) => [p.id, p.shortName]));
    const views = rows.map((row) => ({ row, authorPartner: names.get(row.ownerPartnerId) ?? null }));
    return toConnection(views, size, (v) => [v.row.seq], after);
  }
}
