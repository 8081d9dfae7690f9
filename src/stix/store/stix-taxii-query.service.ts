import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../../audit/audit.service';
import type { Actor } from '../../auth/actor';
import { ActorTransactions } from '../../database/actor-transaction.service';
import { PolicyService } from '../../policy/policy.service';
import type { TlpLevel } from '../tlp.constants';
import { param } from './stix-filter';
import { StixTaxiiRepository, type DatedObject } from './stix-taxii.repository';
import { STIX_SENSITIVE_PATHS } from './stix-store.types';

/** A named view of the store (a TAXII collection): which types and effective markings it holds. */
export interface StoreView {
  readonly types?: readonly string[];
  readonly markings?: readonly TlpLevel[];
}

/** One TAXII page request, already checked (see src/taxii/taxii-filter.ts). */
export interface DatedPageRequest {
  readonly view: StoreView;
  readonly limit: number;
  /** Keyset of the last row already served. */
  readonly after?: { readonly dateAdded: string; readonly seq: string };
  readonly addedAfter?: string;
  readonly ids?: readonly string[];
  readonly types?: readonly string[];
  readonly specVersions?: readonly string[];
  readonly versions: { readonly first: boolean; readonly last: boolean; readonly all: boolean; readonly at: readonly string[] };
}

export interface DatedViewedObject {
  readonly row: DatedObject;
  /** The object redacted for the viewer; `{}` for a manifest page. */
  readonly object: Record<string, unknown>;
  /** `modified`, else `created`, else date added (TAXII §3.4.1 "version"). */
  readonly version: string;
}

export interface DatedPage {
  readonly items: DatedViewedObject[];
  readonly more: boolean;
}

/** Above this many types (or markings) in a view, one walk of the date-added index beats merging ranges. */
const MAX_BRANCHES = 8;

/** Reads of these effective markings are audited, as in StixQueryService. */
const AUDITED_READS: ReadonlySet<string> = new Set(['AMBER+STRICT', 'RED']);

/**
 * TAXII's reads of the store: pages ordered by date added, oldest first. Same rules as StixQueryService:
 * the policy condition is in the WHERE of every query (RLS enforces it again), each object is redacted
 * for the viewer with STIX_SENSITIVE_PATHS, and reads of restricted objects are audited as `stix.read`.
 * Unlike the GraphQL list, revoked latest versions are included: a TAXII consumer learns of a
 * revocation only by receiving it.
 */
@Injectable()
export class StixTaxiiQueryService {
  constructor(
    private readonly tx: ActorTransactions,
    private readonly repository: StixTaxiiRepository,
    private readonly policy: PolicyService,
    private readonly audit: AuditService,
  ) {}

  /** One page; `operation` names it in the audit event; `withObjects` false for manifests (nothing read). */
  page(actor: Actor, request: DatedPageRequest, operation: string, withObjects = true): Promise<DatedPage> {
    return this.tx.run(actor, async (m) => {
      const params: unknown[] = [];
      const branches = request.ids ? undefined : this.branches(request, params);
      const where = this.conditions(actor, request, params, branches !== undefined);
      const rows = await this.repository.page(m, where, params, request.limit + 1, withObjects, !request.ids, branches);
      const page = rows.slice(0, request.limit);
      const items = withObjects ? await this.view(m, actor, page, operation) : page.map((row) => ({ row, object: {}, version: versionOf(row) }));
      return { items, more: rows.length > request.limit };
    });
  }

  /**
   * A view that selects a few types (or, failing that, markings) is read as one ordered index range per
   * value (stix_objects_type_received / _tlp_received), merged: a sparse collection then costs what it
   * returns, not a walk of the whole date-added index. Each branch is an equality the planner can use under
   * RLS (texteq is leakproof). Undefined: one ordered walk of the date-added index is better (no filter,
   * or too many values).
   */
  private branches(r: DatedPageRequest, params: unknown[]): string[] | undefined {
    const types = r.view.types && r.types ? r.view.types.filter((t) => r.types!.includes(t)) : (r.view.types ?? r.types);
    if (types && types.length <= MAX_BRANCHES) return types.length === 0 ? ['FALSE'] : types.map((t) => `o.type = ${param(params, t)}`);
    if (types || !r.view.markings || r.view.markings.length + 1 > MAX_BRANCHES) return undefined;
    const branches = r.view.markings.map((level) => `o.tlp = ${param(params, level)}`);
    // Unmarked rows count as the default marking (as in the policy).
    if (r.view.markings.includes(this.policy.defaultTlp)) branches.push('o.tlp IS NULL');
    return branches;
  }

  /** `branched`: the view's types and markings are already the branches' conditions. */
  private conditions(actor: Actor, r: DatedPageRequest, params: unknown[], branched: boolean): string[] {
    const where: string[] = [];
    if (r.view.types && !branched) where.push(`o.type = ANY(${param(params, r.view.types)}::text[])`);
    if (r.view.markings && !(branched && !r.view.types && !r.types)) where.push(`COALESCE(o.tlp, ${param(params, this.policy.defaultTlp)}) = ANY(${param(params, r.view.markings)}::text[])`);
    if (r.ids) where.push(`o.id = ANY(${param(params, r.ids)}::text[])`);
    if (r.types && !branched) where.push(`o.type = ANY(${param(params, r.types)}::text[])`);
    if (r.specVersions) where.push(`o.spec_version = ANY(${param(params, r.specVersions)}::text[])`);
    if (r.addedAfter) where.push(`o.received_at > ${param(params, r.addedAfter)}::timestamptz`);
    if (r.after) where.push(`(o.received_at, o.seq) > (${param(params, r.after.dateAdded)}::timestamptz, ${param(params, r.after.seq)}::bigint)`);
    if (!r.versions.all) {
      const any: string[] = [];
      if (r.versions.last) any.push('o.is_latest');
      if (r.versions.at.length > 0) any.push(`o.modified = ANY(${param(params, r.versions.at)}::timestamptz[])`);
      if (r.versions.first) {
        // The first version this viewer may see: no visible version of the same object (and owner) is older.
        const older = this.visible(actor, 'p', params);
        any.push(`NOT EXISTS (SELECT 1 FROM stix_objects p WHERE p.id = o.id AND p.owner_partner_id = o.owner_partner_id AND p.modified < o.modified AND ${older})`);
      }
      where.push(any.length === 1 ? any[0]! : `(${any.join(' OR ')})`);
    }
    where.push(this.visible(actor, 'o', params));
    return where;
  }

  private visible(actor: Actor, alias: string, params: unknown[]): string {
    const condition = this.policy.visibleTo(actor, alias, params.length);
    params.push(...condition.params);
    return condition.sql;
  }

  private async view(m: EntityManager, actor: Actor, rows: DatedObject[], operation: string): Promise<DatedViewedObject[]> {
    const audited: string[] = [];
    let redactedObjects = 0;
    const viewed = rows.map((row) => {
      const tlp = row.tlp ?? this.policy.defaultTlp;
      const { value, redactedPaths } = this.policy.redactWith(actor, row, row.object, STIX_SENSITIVE_PATHS);
      if (redactedPaths.length > 0) redactedObjects++;
      if (AUDITED_READS.has(tlp) || redactedPaths.length > 0) audited.push(row.id);
      return { row, object: value, version: versionOf(row) };
    });
    if (audited.length > 0) {
      await this.repository.restorePlanner(m);
      await this.audit.record(m, { action: 'stix.read', outcome: 'ok', actor, targetIds: [...new Set(audited)], details: { operation, redactedObjects } });
    }
    return viewed;
  }
}

function versionOf(row: DatedObject): string {
  return row.modified ?? row.created ?? row.dateAdded;
}
