import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { AppError } from '../common/errors/app-error';
import type { Actor } from '../auth/actor';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { StixStoreService } from '../stix/store/stix-store.service';
import { StixTaxiiQueryService, type DatedPage, type DatedPageRequest } from '../stix/store/stix-taxii-query.service';
import { encodeCursor } from './taxii-cursor';
import { failedStatus, pendingStatus, readEnvelopeWithOrigins, statusOf } from './taxii-envelope';
import { TaxiiError } from './taxii-error';
import { parseTaxiiFilter, type FilterName, type QueryParams } from './taxii-filter';
import { TAXII_MEDIA_TYPE, STIX_MEDIA_TYPE } from './taxii-media';
import { TaxiiCollectionRepository } from './taxii-collection.repository';
import { accessOf, type TaxiiCollection } from './taxii-collections';
import { TaxiiStatusRepository } from './taxii-status.repository';
import { SyncOrigins } from '../sync/sync-origins.service';

export interface TaxiiRequest {
  readonly actor: Actor;
  readonly params: Record<string, string>;
  readonly query: QueryParams;
  readonly body?: Buffer;
  /** scheme://host of this server as partners reach it (PUBLIC_URL when set). */
  readonly baseUrl: string;
}

export interface TaxiiResponse {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const STIX_ID = /^[a-z0-9][a-z0-9-]*--[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const ALL_FILTERS: readonly FilterName[] = ['id', 'type', 'version', 'spec_version'];

/**
 * The TAXII 2.1 resources over the STIX store: collections are views, reads go through
 * StixTaxiiQueryService (policy in the SQL, redaction, read audit) and writes through submitBundle,
 * the one ingest pipeline. HTTP concerns (media types, auth, errors) are in taxii-routes.ts.
 */
@Injectable()
export class TaxiiService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly store: StixStoreService,
    private readonly queries: StixTaxiiQueryService,
    private readonly statuses: TaxiiStatusRepository,
    private readonly collections: TaxiiCollectionRepository,
    private readonly audit: AuditService,
    private readonly origins: SyncOrigins,
  ) {}

  discovery(r: TaxiiRequest): TaxiiResponse {
    const root = `${r.baseUrl}/taxii2/${this.config.taxii.apiRoot}/`;
    const title = `${this.config.home.name} TAXII 2.1`;
    return { status: 200, body: { title, description: 'STIX 2.1 intelligence shared under per-partner trust and TLP 2.0.', default: root, api_roots: [root] } };
  }

  apiRoot(r: TaxiiRequest): TaxiiResponse {
    this.root(r);
    return {
      status: 200,
      body: { title: `${this.config.home.name} exchange`, description: 'Collections are views of one store; each answers with what your trust level and markings allow.', versions: [TAXII_MEDIA_TYPE], max_content_length: this.config.bodyLimitBytes },
    };
  }

  async listCollections(r: TaxiiRequest): Promise<TaxiiResponse> {
    this.root(r);
    const visible = (await this.collections.list()).map((c) => this.resource(r.actor, c)).filter((c) => c.can_read || c.can_write);
    return { status: 200, body: visible.length > 0 ? { collections: visible } : {} };
  }

  async collection(r: TaxiiRequest): Promise<TaxiiResponse> {
    const c = await this.collectionOf(r);
    const resource = this.resource(r.actor, c);
    if (!resource.can_read && !resource.can_write) throw TaxiiError.forbidden(`no access to collection ${c.id}`);
    return { status: 200, body: resource };
  }

  async objects(r: TaxiiRequest): Promise<TaxiiResponse> {
    const c = await this.readable(r);
    const page = await this.page(r, c, ALL_FILTERS, {}, 'taxii.getObjects', true);
    const response = envelope(page, 'objects', (i) => i.object);
    return this.origins.isSyncClient(r.actor) ? this.withOrigins(response, page) : response;
  }

  /** For another exchange of ours (role SYNC): where each object first came from, so it never goes back there. */
  private async withOrigins(response: TaxiiResponse, page: DatedPage): Promise<TaxiiResponse> {
    const found = await this.origins.of(page.items.map((i) => i.row.seq));
    const named: Record<string, string> = {};
    for (const i of page.items) {
      const origin = found.get(i.row.seq);
      if (origin) named[i.row.id] = origin;
    }
    const exchange = await this.origins.exchangeIdentity();
    return { ...response, body: { ...(response.body as object), ...(exchange ? { x_cx_exchange: exchange } : {}), ...(Object.keys(named).length > 0 ? { x_cx_origins: named } : {}) } };
  }

  async manifest(r: TaxiiRequest): Promise<TaxiiResponse> {
    const c = await this.readable(r);
    const page = await this.page(r, c, ALL_FILTERS, {}, 'taxii.getManifest', false);
    return envelope(page, 'objects', (i) => ({ id: i.row.id, date_added: i.row.dateAdded, version: i.version, media_type: STIX_MEDIA_TYPE }));
  }

  async object(r: TaxiiRequest): Promise<TaxiiResponse> {
    const c = await this.readable(r);
    const id = this.objectId(r);
    const page = await this.page(r, c, ['version', 'spec_version'], { ids: [id] }, 'taxii.getObject', true);
    if (page.items.length === 0 && r.query.next === undefined) throw TaxiiError.notFound(`object ${id} not found in collection ${c.id}`);
    return envelope(page, 'objects', (i) => i.object);
  }

  async versions(r: TaxiiRequest): Promise<TaxiiResponse> {
    const c = await this.readable(r);
    const id = this.objectId(r);
    const page = await this.page(r, c, ['spec_version'], { ids: [id], versions: { first: false, last: false, all: true, at: [] } }, 'taxii.getVersions', false);
    if (page.items.length === 0 && r.query.next === undefined) throw TaxiiError.notFound(`object ${id} not found in collection ${c.id}`);
    return envelope(page, 'versions', (i) => i.version);
  }

  /** POST objects: the envelope goes through submitBundle in partial mode; the answer is a stored status. */
  async addObjects(r: TaxiiRequest): Promise<TaxiiResponse> {
    const c = await this.collectionOf(r);
    await this.assertCanWrite(r.actor, c, 'addObjects');
    const { objects, origins } = readEnvelopeWithOrigins(r.body);
    const requestTimestamp = new Date().toISOString().replace('Z', '000Z');
    const bundle = { type: 'bundle', id: `bundle--${randomUUID()}`, objects };
    // Pending first, completed inside the ingest's transaction: see TaxiiStatusRepository.
    const pending = pendingStatus(randomUUID(), requestTimestamp, objects);
    await this.statuses.begin(r.actor, c.id, pending);
    let status = pending;
    // Another exchange of ours pushing (role SYNC): where the objects started is kept in the same transaction.
    const recordOrigins = this.origins.isSyncClient(r.actor) && Object.keys(origins).length > 0;
    try {
      await this.store.submitBundle(r.actor, { bundle, partial: true, defaultMarking: c.defaultMarking ?? null }, 'taxii', null, async (m, result) => {
        if (recordOrigins) await this.origins.record(m, r.actor, origins);
        status = statusOf(pending.id, requestTimestamp, objects, result);
        await this.statuses.complete(m, status);
      });
    } catch (error) {
      // Nothing was stored: the status says so (if the database still answers; else it stays pending, and adds up).
      const reason = error instanceof AppError ? error.message : 'the server could not store the envelope; nothing was stored';
      await this.statuses.completeOutside(r.actor, failedStatus(pending, objects, reason)).catch(() => undefined);
      throw error;
    }
    return { status: 202, body: status };
  }

  /**
   * DELETE is a revocation, not an erasure: partners may already hold the object, and only a revoked
   * version tells them to stop using it (medallion erases). Only the creator may, through the store's
   * revoke (audited `stix.revoke`); others who can see it get 403, those who cannot 404.
   */
  async deleteObject(r: TaxiiRequest): Promise<TaxiiResponse> {
    const c = await this.collectionOf(r);
    const id = this.objectId(r);
    const page = await this.queries.page(r.actor, { view: c.view, ids: [id], limit: 1, versions: { first: false, last: true, all: false, at: [] } }, 'taxii.deleteObject', false);
    if (page.items.length === 0) throw TaxiiError.notFound(`object ${id} not found in collection ${c.id}`);
    await this.assertCanWrite(r.actor, c, 'deleteObject');
    if (!r.actor.roles.includes('ANALYST')) await this.deny(r.actor, 'deleteObject', 'revoking needs the role ANALYST');
    await this.store.revoke(r.actor, id);
    return { status: 200 };
  }

  async status(r: TaxiiRequest): Promise<TaxiiResponse> {
    this.root(r);
    const id = r.params.statusId ?? '';
    const found = UUID.test(id) ? await this.statuses.find(r.actor, id) : null;
    if (!found) throw TaxiiError.notFound(`status ${id} not found`);
    return { status: 200, body: found };
  }

  private root(r: TaxiiRequest): void {
    if (r.params.root !== this.config.taxii.apiRoot) throw TaxiiError.notFound(`API root ${r.params.root} not found`);
  }

  private async collectionOf(r: TaxiiRequest): Promise<TaxiiCollection> {
    this.root(r);
    const found = await this.collections.find(r.params.collectionId ?? '');
    if (!found) throw TaxiiError.notFound(`collection ${r.params.collectionId} not found`);
    return found;
  }

  private async readable(r: TaxiiRequest): Promise<TaxiiCollection> {
    const c = await this.collectionOf(r);
    if (!accessOf(r.actor, c).canRead) throw TaxiiError.forbidden(`collection ${c.id} cannot be read by ${r.actor.partnerKind} partners`);
    return c;
  }

  private async assertCanWrite(actor: Actor, c: TaxiiCollection, operation: string): Promise<void> {
    if (accessOf(actor, c).canWrite) return;
    const why = c.write.includes(actor.partnerKind) ? 'writing needs the role ANALYST or SYNC' : `collection ${c.id} cannot be written by ${actor.partnerKind} partners`;
    await this.deny(actor, operation, why);
  }

  /** A refusal is audited like the GraphQL roles guard does, then answered 403. */
  private async deny(actor: Actor, operation: string, why: string): Promise<never> {
    await this.audit.recordStandalone({ action: 'access.denied', outcome: 'denied', actor, targetIds: [], details: { operation: `taxii.${operation}`, reason: why } });
    throw TaxiiError.forbidden(why);
  }

  private objectId(r: TaxiiRequest): string {
    const id = r.params.objectId ?? '';
    if (!STIX_ID.test(id)) throw TaxiiError.notFound(`object ${id} not found`);
    return id;
  }

  private resource(actor: Actor, c: TaxiiCollection) {
    const { canRead, canWrite } = accessOf(actor, c);
    return { id: c.id, title: c.title, description: c.description, alias: c.name, can_read: canRead, can_write: canWrite, media_types: [STIX_MEDIA_TYPE] };
  }

  private page(r: TaxiiRequest, c: TaxiiCollection, honoured: readonly FilterName[], fixed: Partial<DatedPageRequest>, operation: string, withObjects: boolean): Promise<DatedPage> {
    const f = parseTaxiiFilter(r.query, this.config.taxii.maxPageSize, honoured);
    const request: DatedPageRequest = { view: c.view, limit: f.limit, after: f.next, addedAfter: f.addedAfter, ids: f.ids, types: f.types, specVersions: f.specVersions, versions: f.versions, ...fixed };
    return this.queries.page(r.actor, request, operation, withObjects);
  }
}

/** `{more, next, <key>}` with the date-added headers of the page (§3.7); an empty page is `{more: false}`. */
function envelope<T>(page: DatedPage, key: 'objects' | 'versions', map: (item: DatedPage['items'][number]) => T): TaxiiResponse {
  const first = page.items[0];
  const last = page.items[page.items.length - 1];
  const body: Record<string, unknown> = { more: page.more };
  if (page.more && last) body.next = encodeCursor({ dateAdded: last.row.dateAdded, seq: last.row.seq });
  if (page.items.length > 0) body[key] = page.items.map(map);
  const headers: Record<string, string> = first && last ? { 'X-TAXII-Date-Added-First': first.row.dateAdded, 'X-TAXII-Date-Added-Last': last.row.dateAdded } : {};
  return { status: 200, body, headers };
}
