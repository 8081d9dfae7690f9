import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Actor } from '../auth/actor';
import { AppError } from '../common/errors/app-error';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { ActorTransactions } from '../database/actor-transaction.service';
import { StixStoreService } from '../stix/store/stix-store.service';
import type { Rejection } from '../stix/store/stix-store.types';
import type { Peer, RunCounts } from './peer.types';
import { SyncRepository } from './sync.repository';
import { PeerError, type ObjectsPage, type TaxiiClient } from './taxii-client';

/** The PULL cursor of one collection: inside a paging sequence `next`, between runs `addedAfter`. */
interface PullCursor {
  readonly addedAfter: string | null;
  readonly next: string | null;
}

/** Called between pages; tests use it to stop a run where a crash would. */
export type PageHook = (info: { collection: string; page: number }) => Promise<void> | void;

/**
 * Pulls a peer's collections into our store, page by page. Each page is ONE transaction: its objects go
 * through the normal ingest (channel `sync`, the peer's partner as submitter, provenance the peer id), the
 * objects the ingest refused go to the quarantine with the reason, each stored object's origin is recorded
 * and the cursor moves past the page. A crash anywhere leaves the page either wholly done or not at all, and
 * the next run resumes from the stored cursor: nothing is lost, and a page pulled twice is all duplicates.
 */
@Injectable()
export class SyncPullService {
  constructor(
    private readonly tx: ActorTransactions,
    private readonly store: StixStoreService,
    private readonly repository: SyncRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Returns the peer exchange's identity when it is one of ours and said so (`x_cx_exchange`). */
  async pull(peer: Peer, peerActor: Actor, homeIdentity: string, client: TaxiiClient, counts: RunCounts, onPage?: PageHook): Promise<string | undefined> {
    let exchange: string | undefined;
    // The ingest refuses bundles above STIX_MAX_BUNDLE_OBJECTS: never ask for more per page.
    const limit = Math.min(peer.pageSize, this.config.stix.maxBundleObjects);
    for (const collection of peer.collections) {
      let cursor = parseCursor(await this.tx.read(peerActor, (m) => this.repository.cursor(m, peer.id, 'PULL', collection)));
      let fetching = this.fetch(client, collection, limit, cursor);
      for (let pageNo = 1; ; pageNo++) {
        const page = await fetching;
        exchange ??= page.exchange;
        // With more but no `next` (a server that pages by date only), continue after the page's last date.
        const resumed: PullCursor = page.more && page.next
          ? { addedAfter: cursor.addedAfter, next: page.next }
          : { addedAfter: page.dateAddedLast ?? cursor.addedAfter, next: null };
        // The next page is read while this one is stored: the peer's query and our ingest overlap.
        if (page.more) {
          fetching = this.fetch(client, collection, limit, resumed);
          fetching.catch(() => undefined); // awaited on the next turn; not an unhandled rejection if we stop first
        }
        await this.commitPage(peer, peerActor, homeIdentity, collection, page, resumed, counts);
        cursor = resumed;
        if (!page.more) break;
        await onPage?.({ collection, page: pageNo });
      }
    }
    return exchange;
  }

  /** A `next` the peer no longer honours (expired) falls back to `added_after`: a repeat is all duplicates. */
  private async fetch(client: TaxiiClient, collection: string, limit: number, cursor: PullCursor): Promise<ObjectsPage> {
    if (!cursor.next) return client.objects(collection, { limit, addedAfter: cursor.addedAfter ?? undefined });
    try {
      return await client.objects(collection, { limit, next: cursor.next });
    } catch (error) {
      if (error instanceof PeerError && error.status === 400) return client.objects(collection, { limit, addedAfter: cursor.addedAfter ?? undefined });
      throw error;
    }
  }

  private async commitPage(peer: Peer, actor: Actor, homeIdentity: string, collection: string, page: ObjectsPage, cursor: PullCursor, counts: RunCounts): Promise<void> {
    const originOf = (o: unknown): string => {
      const id = typeof (o as { id?: unknown })?.id === 'string' ? (o as { id: string }).id : '';
      return page.origins[id] ?? page.exchange ?? peer.remoteIdentity ?? `peer:${peer.id}`;
    };
    // Our own objects coming back round a ring: not stored again, not quarantined, just counted.
    const objects = page.objects.filter((o) => originOf(o) !== homeIdentity);
    counts.echoes += page.objects.length - objects.length;
    const position = JSON.stringify(cursor);
    if (objects.length === 0) {
      await this.tx.run(actor, (m) => this.repository.saveCursor(m, peer, 'PULL', collection, position));
      return;
    }
    const origins: Record<string, string> = {};
    for (const o of objects) {
      const id = (o as { id?: unknown })?.id;
      if (typeof id === 'string') origins[id] = originOf(o);
    }
    const bundle = { type: 'bundle', id: `bundle--${randomUUID()}`, objects };
    try {
      await this.store.submitBundle(actor, { bundle, partial: true }, 'sync', peer.id, async (m, result) => {
        await this.recordOrigins(m, peer, actor, origins, peer.remoteIdentity ?? `peer:${peer.id}`);
        await this.repository.quarantine(m, peer, collection, quarantined(objects, result.rejections));
        await this.repository.saveCursor(m, peer, 'PULL', collection, position);
        counts.pulled += result.created + result.newVersions;
        counts.duplicates += result.duplicates;
        counts.quarantined += result.rejected;
      });
    } catch (error) {
      // A page the ingest refuses as a whole (too large for STIX_MAX_BUNDLE_BYTES) is quarantined as a whole
      // rather than blocking the peer for ever; anything else fails the run and is retried.
      if (!(error instanceof AppError) || error.code !== 'PAYLOAD_TOO_LARGE') throw error;
      await this.tx.run(actor, async (m) => {
        await this.repository.quarantine(m, peer, collection, objects.map((o) => ({ stixId: idOf(o), object: o, reason: error.message })));
        await this.repository.saveCursor(m, peer, 'PULL', collection, position);
      });
      counts.quarantined += objects.length;
    }
  }

  /** Origins of the rows this transaction wrote for the peer (received_at = now(): this transaction's). */
  private async recordOrigins(m: EntityManager, peer: Peer, actor: Actor, origins: Record<string, string>, fallback: string): Promise<void> {
    await m.query(
      `INSERT INTO sync_origins (object_seq, origin)
       SELECT o.seq, COALESCE($3::jsonb ->> o.id, $4) FROM stix_objects o
        WHERE o.peer = $1 AND o.owner_partner_id = $2 AND o.received_at = now()
       ON CONFLICT DO NOTHING`,
      [peer.id, actor.partnerId, JSON.stringify(origins), fallback],
    );
  }
}

function parseCursor(position: string | null): PullCursor {
  if (!position) return { addedAfter: null, next: null };
  const parsed = JSON.parse(position) as Partial<PullCursor>;
  return { addedAfter: parsed.addedAfter ?? null, next: parsed.next ?? null };
}

function idOf(o: unknown): string | null {
  const id = (o as { id?: unknown })?.id;
  return typeof id === 'string' ? id.slice(0, 300) : null;
}

/** One quarantine entry per refused object, with every reason the ingest gave for it. */
function quarantined(objects: readonly unknown[], rejections: readonly Rejection[]): { stixId: string | null; object: unknown; reason: string }[] {
  const byIndex = new Map<number, string[]>();
  for (const r of rejections) {
    if (r.index === null) continue;
    const list = byIndex.get(r.index) ?? [];
    list.push(`${r.code} ${r.path}: ${r.message}`);
    byIndex.set(r.index, list);
  }
  return [...byIndex].map(([index, reasons]) => ({ stixId: idOf(objects[index]), object: objects[index] ?? null, reason: reasons.join('; ').slice(0, 2000) }));
}
