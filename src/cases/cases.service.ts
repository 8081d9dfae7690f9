import { Inject, Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { AppError } from '../common/errors/app-error';
import { decodeCursor, pageSize, toConnection, type Connection } from '../common/graphql/pagination';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/app-config';
import { ActorTransactions } from '../database/actor-transaction.service';
import { IncidentsService, NotesService } from '../incidents';
import { PartnersService } from '../partners/partners.service';
import { PolicyService } from '../policy/policy.service';
import { StixStoreService } from '../stix/store/stix-store.service';
import { caseBundle } from './case-bundle';
import { caseScope, checkPurpose, type CaseDenial } from './case-access';
import { CaseRepository } from './case.repository';
import type { CaseItemRow, CaseRow, CaseStatus, EvidenceKind } from './case.rows';

export interface EvidenceInput {
  readonly incidentIds?: readonly string[] | null;
  readonly noteIds?: readonly string[] | null;
  readonly stixIds?: readonly string[] | null;
}

export interface NewCase extends EvidenceInput {
  readonly caseNumber: string;
  readonly lawEnforcementPartner: string;
  readonly legalBasis: string;
  readonly grantedClientIds: readonly string[];
}

export interface CaseChanges extends EvidenceInput {
  readonly status?: CaseStatus | null;
  readonly grantedClientIds?: readonly string[] | null;
}

export interface CaseView {
  readonly row: CaseRow;
  readonly lawPartner: string;
  readonly items: CaseItemRow[] | null;
}

export interface CaseExport {
  readonly bundle: Record<string, unknown>;
  readonly sha256: string;
  readonly auditSequence: number;
}

/**
 * Police cases: HOME refers incidents and chosen evidence to a LAW_ENFORCEMENT partner, frozen as
 * they were at referral. A granted liaison client reads the case, evidence included whatever its
 * marking (the grant is the audience), and nothing else; every read and export states a purpose,
 * recorded in the audit trail as the chain of custody.
 */
@Injectable()
export class CasesService {
  constructor(
    private readonly tx: ActorTransactions,
    private readonly cases: CaseRepository,
    private readonly incidents: IncidentsService,
    private readonly notes: NotesService,
    private readonly store: StixStoreService,
    private readonly partners: PartnersService,
    private readonly policy: PolicyService,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async create(actor: Actor, input: NewCase): Promise<CaseView> {
    this.requireHome(actor);
    const caseNumber = input.caseNumber.trim();
    if (!/^[A-Za-z0-9][A-Za-z0-9 ._/-]{0,63}$/.test(caseNumber)) throw AppError.badInput('caseNumber: 1 to 64 letters, digits, space . _ / -', { argument: 'caseNumber' });
    if (input.legalBasis.trim().length === 0) throw AppError.badInput('legalBasis is required', { argument: 'legalBasis' });
    if ((input.incidentIds ?? []).length === 0) throw AppError.badInput('a case refers at least one incident', { argument: 'incidentIds' });
    const law = await this.partners.findByShortName(input.lawEnforcementPartner);
    if (!law || law.kind !== 'LAW_ENFORCEMENT') throw AppError.badInput(`${input.lawEnforcementPartner} is not a LAW_ENFORCEMENT partner`, { argument: 'lawEnforcementPartner' });
    const grants = await this.checkGrants(law.id, input.grantedClientIds);
    const evidence = await this.gather(actor, input);
    const row = await this.tx.run(actor, async (m) => {
      const created = await this.cases.insert(m, { caseNumber, lawPartnerId: law.id, legalBasis: input.legalBasis.trim(), grantedClientIds: grants, ownerPartnerId: actor.partnerId, createdByClientId: actor.clientId });
      if (!created) throw AppError.conflict(`case number ${caseNumber} is taken`);
      await this.cases.addItems(m, created.id, evidence);
      await this.audit.record(m, { action: 'case.create', outcome: 'ok', actor, targetIds: [created.id, ...evidence.map((e) => e.stixId)], details: { caseNumber, lawPartner: law.shortName, grantedClientIds: grants, evidence: evidence.length } });
      return created;
    });
    return { row, lawPartner: law.shortName, items: null };
  }

  async update(actor: Actor, id: string, changes: CaseChanges): Promise<CaseView> {
    this.requireHome(actor);
    const current = await this.tx.read(actor, (m) => this.cases.find(m, id, null));
    if (!current) throw AppError.notFound('Case', id);
    const law = (await this.partners.findByIds([current.lawPartnerId]))[0]!;
    const grants = changes.grantedClientIds ? await this.checkGrants(law.id, changes.grantedClientIds) : undefined;
    const evidence = await this.gather(actor, changes);
    const row = await this.tx.run(actor, async (m) => {
      const locked = (await this.cases.find(m, id, null, true))!;
      const added = await this.cases.addItems(m, locked.id, evidence);
      await this.cases.update(m, locked.id, { status: changes.status ?? undefined, grantedClientIds: grants, bumpRevision: added > 0 });
      await this.audit.record(m, { action: 'case.update', outcome: 'ok', actor, targetIds: [locked.id], details: { status: changes.status ?? null, grantedClientIds: grants ?? null, evidenceAdded: added } });
      return (await this.cases.find(m, id, null))!;
    });
    return { row, lawPartner: law.shortName, items: null };
  }

  async list(actor: Actor, first?: number, after?: string): Promise<Connection<CaseView>> {
    const size = pageSize(first, this.config.maxPageSize);
    const cursor = decodeCursor(after, 1);
    const rows = await this.tx.read(actor, (m) => this.cases.list(m, caseScope(actor, this.policy.isHome(actor)), size, cursor ? String(cursor[0]) : undefined));
    const names = new Map((await this.partners.findByIds([...new Set(rows.map((r) => r.lawPartnerId))])).map((p) => [p.id, p.shortName]));
    return toConnection(rows.map((row) => ({ row, lawPartner: names.get(row.lawPartnerId) ?? '', items: null })), size, (v) => [v.row.seq], after);
  }

  /** One case with its evidence; the purpose goes into the audit trail with the read. */
  async read(actor: Actor, id: string, purposeInput: string | null | undefined): Promise<CaseView> {
    const { row, purpose } = await this.access(actor, id, purposeInput, 'case');
    const items = await this.tx.run(actor, async (m) => {
      const found = await this.cases.items(m, row.id);
      await this.audit.record(m, { action: 'case.read', outcome: 'ok', actor, targetIds: [row.id], details: { caseNumber: row.caseNumber, purpose, revision: row.revision } });
      return found;
    });
    const law = (await this.partners.findByIds([row.lawPartnerId]))[0]!;
    return { row, lawPartner: law.shortName, items };
  }

  /** The case as a STIX bundle, its SHA-256 (RFC 8785 canonical JSON) and the audit sequence of this export. */
  async export(actor: Actor, id: string, purposeInput: string | null | undefined): Promise<CaseExport> {
    const { row, purpose } = await this.access(actor, id, purposeInput, 'exportCase');
    if (row.status === 'CLOSED' && !this.policy.isHome(actor)) {
      await this.deny(actor, 'exportCase', id, 'closed');
      throw AppError.forbidden('the case is closed: only the home CERT exports it');
    }
    return this.tx.run(actor, async (m) => {
      const { bundle, sha256 } = caseBundle(row.id, row.revision, await this.cases.items(m, row.id));
      const event = await this.audit.record(m, {
        action: 'case.export', outcome: 'ok', actor, targetIds: [row.id, String(bundle.id)],
        details: { caseNumber: row.caseNumber, purpose, revision: row.revision, sha256 },
      });
      return { bundle, sha256, auditSequence: event.sequence };
    });
  }

  /** Purpose first, then the grant; each refusal is audited on its own (no write to join). */
  private async access(actor: Actor, id: string, purposeInput: string | null | undefined, operation: string): Promise<{ row: CaseRow; purpose: string }> {
    const purpose = checkPurpose(purposeInput);
    if (purpose === null) {
      await this.deny(actor, operation, id, 'no-purpose');
      throw AppError.forbidden('state the purpose of this access: it is recorded as the chain of custody');
    }
    const row = await this.tx.read(actor, (m) => this.cases.find(m, id, caseScope(actor, this.policy.isHome(actor))));
    if (!row) {
      await this.deny(actor, operation, id, 'not-granted');
      throw AppError.notFound('Case', id);
    }
    return { row, purpose };
  }

  private deny(actor: Actor, operation: string, id: string, reason: CaseDenial): Promise<unknown> {
    return this.audit.recordStandalone({ action: 'access.denied', outcome: 'denied', actor, targetIds: [id], details: { operation, reason } });
  }

  private requireHome(actor: Actor): void {
    if (!this.policy.isHome(actor)) throw AppError.forbidden('only the home CERT refers cases');
  }

  /** Granted clients must be LIAISON clients of the referred partner. */
  private async checkGrants(lawPartnerId: string, clientIds: readonly string[]): Promise<string[]> {
    const clients = await this.partners.clientsOf([lawPartnerId]);
    const unique = [...new Set(clientIds)];
    const bad = unique.filter((id) => !clients.some((c) => c.clientId === id && c.roles.includes('LIAISON')));
    if (bad.length > 0) throw AppError.invalid(bad.map((id) => ({ path: 'grantedClientIds', message: `${id} is not a LIAISON client of the referred partner` })));
    return unique;
  }

  /** The evidence as HOME sees it now (each must be visible to HOME, i.e. exist), frozen into the case. */
  private async gather(actor: Actor, input: EvidenceInput): Promise<{ kind: EvidenceKind; refId: string; stixId: string; object: Record<string, unknown> }[]> {
    const refs: { kind: EvidenceKind; refId: string; stixId: string }[] = [
      ...(await this.incidents.referable(actor, input.incidentIds ?? [])).map((r) => ({ kind: 'incident' as const, refId: r.id, stixId: r.stixId })),
      ...(await this.notes.referable(actor, input.noteIds ?? [])).map((r) => ({ kind: 'note' as const, refId: r.id, stixId: r.stixId })),
      ...[...new Set(input.stixIds ?? [])].map((id) => ({ kind: 'stix' as const, refId: id, stixId: id })),
    ];
    const out = [];
    for (const ref of refs) out.push({ ...ref, object: (await this.store.get(actor, ref.stixId)).object });
    return out;
  }
}
