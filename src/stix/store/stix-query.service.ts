import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../../audit/audit.service';
import type { AuditEventInput } from '../../audit';
import type { Actor } from '../../auth/actor';
import { AppError } from '../../common/errors/app-error';
import { decodeCursor, pageSize, toConnection, type Connection } from '../../common/graphql/pagination';
import { APP_CONFIG } from '../../config/config.module';
import type { AppConfig } from '../../config/app-config';
import { ActorTransactions } from '../../database/actor-transaction.service';
import type { Statement } from '../../database/inline-statement';
import { PolicyService } from '../../policy/policy.service';
import { TLP_MARKING_DEFINITIONS, type TlpLevel } from '../tlp.constants';
import { filterConditions, observableHits, observableQuery, param, seqFromCursor } from './stix-filter';
import { StixObjectRepository } from './stix-object.repository';
import { STIX_SENSITIVE_PATHS, type StixFilter, type StoredObject } from './stix-store.types';

/** What a viewer receives: the row with its object redacted for that viewer. */
export interface ViewedObject {
  readonly row: StoredObject;
  readonly object: Record<string, unknown>;
  readonly tlp: TlpLevel;
}

/** What the visible sightings of one object add up to. */
export interface SightingTotals {
  readonly sightings: number;
  readonly count: number;
  readonly firstSeen: Date | null;
  readonly lastSeen: Date | null;
}

/** Reads of TLP:AMBER+STRICT and TLP:RED objects are audited, as are reads from which fields were removed. */
const AUDITED_READS: ReadonlySet<string> = new Set(['AMBER+STRICT', 'RED']);

/**
 * Every read of the store. Each query carries the policy condition in its WHERE (RLS enforces the
 * same again), so a hidden object never shows up in a page, a next-page probe or a look-up; one object
 * that is hidden answers exactly like one that does not exist.
 */
@Injectable()
export class StixQueryService {
  constructor(
    private readonly tx: ActorTransactions,
    private readonly repository: StixObjectRepository,
    private readonly policy: PolicyService,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The latest visible version of an object (revoked or not); NOT_FOUND when missing or hidden. */
  async get(actor: Actor, id: string): Promise<ViewedObject> {
    const [rows] = (await this.tx.readOnce(actor, [this.latestStatement(actor, id)])) as unknown as StoredObject[][];
    this.policy.assertCanSee(actor, rows![0], 'STIX object', id);
    return (await this.viewOutside(actor, rows!, 'stixObject'))[0]!;
  }

  /**
   * Current versions, newest received first, keyset-paged on seq over a snapshot: the first page fixes the
   * time (`asOf`, in every cursor) and all pages list what was current then, so an object updated while a
   * client pages appears exactly once (as it was at the first page); the update shows up in the next pass.
   */
  list(actor: Actor, filter: StixFilter | null | undefined, first?: number, after?: string): Promise<Connection<ViewedObject>> {
    const size = pageSize(first, this.config.maxPageSize);
    const cursor = seqFromCursor(decodeCursor(after, 2));
    return this.tx.run(actor, async (m) => {
      const asOf = cursor?.asOf ?? (await this.repository.now(m));
      const params: unknown[] = [];
      const where = [...filterConditions(filter, params, this.policy.defaultTlp, false), this.visible(actor, params)];
      if (cursor) where.push(`o.seq < ${param(params, cursor.seq)}::bigint`);
      const rows = await this.repository.selectAsOf(m, where, params, asOf, size + 1);
      // Only the page is viewed (and audited); the probe row only says that a next page exists.
      const viewed = await this.view(m, actor, rows.slice(0, size), 'stixObjects');
      const probe = rows.length > size ? [viewed[0]!] : [];
      return toConnection([...viewed, ...probe], size, (v) => [v.row.seq, asOf], after);
    });
  }

  /** Every version the viewer may see, newest first (each version carries its own marking). */
  versions(actor: Actor, id: string): Promise<ViewedObject[]> {
    return this.tx.run(actor, async (m) => {
      const params: unknown[] = [id];
      const rows = await this.repository.select(m, ['o.id = $1', this.visible(actor, params)], params, 'o.modified DESC, o.seq DESC', this.config.maxPageSize);
      if (rows.length === 0) throw AppError.notFound('STIX object', id);
      return this.view(m, actor, rows, 'stixObjectVersions');
    });
  }

  /**
   * Visible, current objects that mention the value (indicator patterns, observed-data, SCOs), and the
   * sightings of those. IPs match by containment both ways: 10.1.2.3 finds an indicator for 10.0.0.0/8.
   */
  async lookup(actor: Actor, value: string, first?: number): Promise<ViewedObject[]> {
    const query = observableQuery(value);
    const size = pageSize(first, this.config.maxPageSize);
    const params: unknown[] = [];
    const hits = observableHits(query, params);
    const statement = this.repository.lookupStatement(hits, ['o.is_latest', 'NOT o.revoked', this.visible(actor, params)], params, size);
    // The hottest read ("have we seen this?"): one round trip, a second only when sightings exist.
    const [found] = (await this.tx.readOnce(actor, [statement])) as unknown as (StoredObject & { sightingsExist: boolean })[][];
    const direct = found!.map(({ sightingsExist: _flag, ...row }) => row);
    let sightings: StoredObject[] = [];
    if (found!.length > 0 && found!.length < size && found![0]!.sightingsExist) {
      const p2: unknown[] = [direct.map((r) => r.id)];
      const more = this.repository.sightingsStatement(['o.is_latest', 'NOT o.revoked', this.visible(actor, p2)], p2, size - direct.length);
      [sightings] = (await this.tx.readOnce(actor, [more])) as unknown as StoredObject[][];
    }
    return this.viewOutside(actor, [...direct, ...sightings!], 'lookupObservable');
  }

  /** A STIX bundle of the matching latest objects (and the TLP definitions they use), redacted for the viewer. */
  exportBundle(actor: Actor, filter: StixFilter | null | undefined): Promise<Record<string, unknown>> {
    const limit = this.config.stix.maxExportObjects;
    return this.tx.run(actor, async (m) => {
      const params: unknown[] = [];
      const where = [...filterConditions(filter, params, this.policy.defaultTlp), this.visible(actor, params)];
      const rows = await this.repository.select(m, where, params, 'o.seq', limit + 1);
      if (rows.length > limit) throw AppError.badInput(`more than ${limit} objects match: narrow the filter (STIX_MAX_EXPORT_OBJECTS)`, { argument: 'filter' });
      const viewed = await this.view(m, actor, rows, 'exportBundle');
      const levels = new Set(rows.map((r) => r.tlp).filter((l): l is TlpLevel => l !== null));
      const markings = [...levels].map((l) => TLP_MARKING_DEFINITIONS[l]);
      return { type: 'bundle', id: `bundle--${randomUUID()}`, objects: [...markings, ...viewed.map((v) => v.object)] };
    });
  }

  /**
   * Of the versions `seqs` (just committed), those still current that the actor may see and that match
   * each filter: one statement for all of one subscriber's filters. Viewed (redacted, audited) like any read.
   */
  async added(actor: Actor, seqs: readonly string[], filters: readonly (StixFilter | null | undefined)[]): Promise<ViewedObject[][]> {
    const params: unknown[] = [seqs];
    const tags = filters.map((f) => filterConditions(f, params, this.policy.defaultTlp).join(' AND '));
    // Once per event and subscribed client: one round trip with a plan prepared on the first event.
    const [rows] = (await this.tx.readOnce(actor, [this.repository.selectTagged(['o.seq = ANY($1::bigint[])', this.visible(actor, params)], params, tags)])) as unknown as (StoredObject & {
      matches: (boolean | null)[];
    })[][];
    const viewed = await this.viewOutside(actor, rows!, 'stixObjectAdded');
    return filters.map((_, i) => viewed.filter((_v, j) => rows![j]!.matches[i] === true));
  }

  /**
   * Current relationships (SROs) that you may see whose source or target is `objectId`, newest first,
   * optionally of some relationship types only. Found through `stix_object_refs`, an index probe.
   */
  async relationships(actor: Actor, objectId: string, relationshipTypes: readonly string[] | null | undefined, first?: number): Promise<ViewedObject[]> {
    const params: unknown[] = [objectId];
    const where = ['o.is_latest', 'NOT o.revoked', this.visible(actor, params)];
    if (relationshipTypes && relationshipTypes.length > 0) where.push(`o.object->>'relationship_type' = ANY(${param(params, [...relationshipTypes])}::text[])`);
    const statement = this.repository.relationshipsStatement(where, params, pageSize(first, this.config.maxPageSize));
    const [rows] = (await this.tx.readOnce(actor, [statement])) as unknown as StoredObject[][];
    return this.viewOutside(actor, rows!, 'relationships');
  }

  /**
   * Sighting totals of objects, counting only the current sightings this viewer may see (a count is a
   * disclosure too): how many sightings, the sum of their `count` (a sighting without one counts once),
   * the earliest first_seen and latest last_seen. Ids without visible sightings are absent.
   */
  async sightingTotals(actor: Actor, ids: readonly string[]): Promise<Map<string, SightingTotals>> {
    const params: unknown[] = [ids];
    const statement = this.repository.sightingTotalsStatement(['o.is_latest', 'NOT o.revoked', this.visible(actor, params)], params);
    const [rows] = (await this.tx.readOnce(actor, [statement])) as unknown as (SightingTotals & { id: string })[][];
    return new Map(rows!.map(({ id, ...totals }) => [id, totals]));
  }

  /** Checks a filter as a query would, so a subscription with a bad filter fails when it starts. */
  checkFilter(filter: StixFilter | null | undefined): void {
    filterConditions(filter, [], this.policy.defaultTlp);
  }

  /** The latest version rows of an id visible to the actor, newest first (one per owner, see the migration). */
  async latestVisible(m: EntityManager, actor: Actor, id: string): Promise<StoredObject[]> {
    const { sql, params } = this.latestStatement(actor, id);
    return m.query(sql, [...params]);
  }

  private latestStatement(actor: Actor, id: string): Statement {
    const params: unknown[] = [id];
    return this.repository.selectStatement(['o.id = $1', 'o.is_latest', this.visible(actor, params)], params, 'o.modified DESC, o.seq DESC', 10);
  }

  private visible(actor: Actor, params: unknown[]): string {
    const condition = this.policy.visibleTo(actor, 'o', params.length);
    params.push(...condition.params);
    return condition.sql;
  }

  /** Redacts each row for the viewer and audits, in one event, the reads the trust model says to record. */
  private async view(m: EntityManager, actor: Actor, rows: StoredObject[], operation: string): Promise<ViewedObject[]> {
    const { viewed, audit } = this.redact(actor, rows, operation);
    if (audit) await this.audit.record(m, audit);
    return viewed;
  }

  /**
   * `view` for rows read outside a transaction of ours (readOnce): the audit event, when one is due, is
   * recorded in a transaction of its own before anything is returned, so a read that could not be recorded
   * is refused rather than delivered unrecorded.
   */
  private async viewOutside(actor: Actor, rows: StoredObject[], operation: string): Promise<ViewedObject[]> {
    const { viewed, audit } = this.redact(actor, rows, operation);
    if (audit) await this.tx.run(actor, (m) => this.audit.record(m, audit));
    return viewed;
  }

  private redact(actor: Actor, rows: StoredObject[], operation: string): { viewed: ViewedObject[]; audit: AuditEventInput | null } {
    const audited: string[] = [];
    let redactedObjects = 0;
    const viewed = rows.map((row) => {
      const tlp = row.tlp ?? (this.policy.defaultTlp as TlpLevel);
      const { value, redactedPaths } = this.policy.redactWith(actor, row, row.object, STIX_SENSITIVE_PATHS);
      if (redactedPaths.length > 0) redactedObjects++;
      if (AUDITED_READS.has(tlp) || redactedPaths.length > 0) audited.push(row.id);
      return { row, object: value, tlp };
    });
    const audit: AuditEventInput | null =
      audited.length > 0 ? { action: 'stix.read', outcome: 'ok', actor, targetIds: [...new Set(audited)], details: { operation, redactedObjects } } : null;
    return { viewed, audit };
  }
}
