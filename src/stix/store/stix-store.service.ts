import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../../audit/audit.service';
import type { Actor } from '../../auth/actor';
import { AppError } from '../../common/errors/app-error';
import type { Connection } from '../../common/graphql/pagination';
import { ActorTransactions } from '../../database/actor-transaction.service';
import { compareTimestamps } from '../timestamp';
import { prepareVersions } from './bundle-plan';
import { StixIngestService } from './stix-ingest.service';
import { StixQueryService, type ViewedObject } from './stix-query.service';
import type { InIngestTransaction, IngestChannel, StixFilter, SubmitBundleInput, SubmitResult } from './stix-store.types';

/**
 * The STIX object store's one entry point for other modules (GraphQL now; TAXII, sync and incidents
 * later): every method takes the actor and applies the sharing policy itself.
 */
@Injectable()
export class StixStoreService {
  constructor(
    private readonly ingest: StixIngestService,
    private readonly queries: StixQueryService,
    private readonly tx: ActorTransactions,
    private readonly audit: AuditService,
  ) {}

  /** `joining`: the caller's transaction for the same actor, to join instead of opening one. */
  submitBundle(
    actor: Actor,
    input: SubmitBundleInput,
    channel: IngestChannel = 'graphql',
    peer: string | null = null,
    within?: InIngestTransaction,
    joining?: EntityManager,
  ): Promise<SubmitResult> {
    return this.ingest.submitBundle(actor, input, channel, peer, within, joining);
  }

  get(actor: Actor, id: string): Promise<ViewedObject> {
    return this.queries.get(actor, id);
  }

  list(actor: Actor, filter: StixFilter | null | undefined, first?: number, after?: string): Promise<Connection<ViewedObject>> {
    return this.queries.list(actor, filter, first, after);
  }

  versions(actor: Actor, id: string): Promise<ViewedObject[]> {
    return this.queries.versions(actor, id);
  }

  lookupObservable(actor: Actor, value: string, first?: number): Promise<ViewedObject[]> {
    return this.queries.lookup(actor, value, first);
  }

  relationships(actor: Actor, objectId: string, relationshipTypes: readonly string[] | null | undefined, first?: number): Promise<ViewedObject[]> {
    return this.queries.relationships(actor, objectId, relationshipTypes, first);
  }

  exportBundle(actor: Actor, filter: StixFilter | null | undefined): Promise<Record<string, unknown>> {
    return this.queries.exportBundle(actor, filter);
  }

  /** Whether the actor's partner created (holds a version of) this object: who may read its access log. */
  createdBy(actor: Actor, id: string): Promise<boolean> {
    return this.tx.run(actor, async (m) => {
      const rows = await this.queries.latestVisible(m, actor, id);
      return rows.some((r) => r.ownerPartnerId.toLowerCase() === actor.partnerId.toLowerCase());
    });
  }

  /**
   * Revokes the actor's own object: a new version with `revoked: true` and a later `modified`, as STIX
   * versioning says. Only the creator may; anyone else who can see the object gets FORBIDDEN, anyone who
   * cannot gets NOT_FOUND. Revoking a revoked object changes nothing.
   */
  async revoke(actor: Actor, id: string): Promise<ViewedObject> {
    await this.tx.run(actor, async (m) => {
      const rows = await this.queries.latestVisible(m, actor, id);
      if (rows.length === 0) throw AppError.notFound('STIX object', id);
      const own = rows.find((r) => r.ownerPartnerId.toLowerCase() === actor.partnerId.toLowerCase());
      if (!own) throw AppError.forbidden('only the creator of an object may revoke it');
      if (own.modified === null) throw AppError.badInput('an object without modified (an SCO) cannot be revoked', { argument: 'id' });
      if (own.revoked) return;
      let modified = new Date().toISOString();
      if (compareTimestamps(modified, own.modified) <= 0) modified = new Date(Date.parse(own.modified) + 1).toISOString();
      const { versions } = prepareVersions([{ ...own.object, revoked: true, modified }], new Set(), actor, null);
      await this.ingest.writeOwnVersions(m, actor, versions, { audiencePartners: own.audiencePartners, audienceGroups: own.audienceGroups });
      await this.audit.record(m, { action: 'stix.revoke', outcome: 'ok', actor, targetIds: [id], details: { modified } });
    });
    return this.queries.get(actor, id);
  }
}
