import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { AuditService } from '../../audit/audit.service';
import type { Actor } from '../../auth/actor';
import { ActorService } from '../../auth/actor.service';
import { WS_CLOSE, type SubscriptionConnection } from '../../auth/websocket-authenticator.service';
import { AppError, ErrorCode } from '../../common/errors/app-error';
import { runInContext } from '../../common/request-context';
import { StixQueryService, type ViewedObject } from '../store/stix-query.service';
import type { StixFilter } from '../store/stix-store.types';
import { PushQueue } from './push-queue';
import { StixEventListener } from './stix-event-listener.service';

/** Objects a subscriber may have waiting before it counts as stalled and its subscription ends. */
const QUEUE_LIMIT = 5_000;
/** How often open subscriptions are checked against the live actor even when nothing new arrives. */
const SWEEP_MS = 5_000;
/** Subscribers whose reads run at the same time, per event (each is one short actor transaction). */
const PARALLEL_READS = 4;

interface Subscriber {
  readonly id: number;
  readonly clientId: string;
  readonly filter: StixFilter | null;
  readonly connection: SubscriptionConnection;
  readonly queue: PushQueue<ViewedObject>;
}

/**
 * `stixObjectAdded`: live delivery of new current versions. Ingest NOTIFYs the new seqs at commit (on any
 * replica); here, per event, each subscribed client's actor is looked up live (a suspended or revoked
 * client's connection is closed, not served) and the versions are read ONCE per client, through the
 * same policy condition, RLS, redaction and read audit as `stixObjects`, with all of that client's
 * filters in one statement. Events are handled one at a time, so each subscriber gets them in commit order.
 */
@Injectable()
export class StixSubscriptionService implements OnModuleDestroy {
  private readonly logger = new Logger('StixSubscriptions');
  private readonly subscribers = new Map<number, Subscriber>();
  private nextId = 1;
  private delivering: Promise<void> = Promise.resolve();
  private sweeper: NodeJS.Timeout | null = null;

  constructor(
    private readonly queries: StixQueryService,
    private readonly actors: ActorService,
    private readonly listener: StixEventListener,
    private readonly audit: AuditService,
  ) {}

  /** Starts a subscription; it receives what is committed after this resolves. Audited as `stix.subscribe`. */
  async subscribe(actor: Actor, filter: StixFilter | null | undefined, connection: SubscriptionConnection): Promise<AsyncIterableIterator<ViewedObject>> {
    this.queries.checkFilter(filter);
    await this.listener.listen({
      added: (seqs) => (this.delivering = this.delivering.then(() => this.deliver(seqs))),
      interrupted: () => this.failAll(new AppError(ErrorCode.INTERNAL_SERVER_ERROR, 'the event feed was interrupted: subscribe again and catch up with stixObjects')),
    });
    const id = this.nextId++;
    const queue = new PushQueue<ViewedObject>(QUEUE_LIMIT, () => this.remove(id));
    this.subscribers.set(id, { id, clientId: actor.clientId, filter: filter ?? null, connection, queue });
    this.sweeper ??= setInterval(() => void this.sweep(), SWEEP_MS).unref();
    await this.audit.recordStandalone({
      action: 'stix.subscribe',
      outcome: 'ok',
      actor,
      targetIds: [],
      channel: 'graphql',
      sourceAddress: connection.sourceAddress ?? null,
      details: { operation: 'stixObjectAdded', filter: describeFilter(filter) },
    });
    return queue;
  }

  /** Open subscriptions on this replica (for tests and metrics). */
  get size(): number {
    return this.subscribers.size;
  }

  onModuleDestroy(): void {
    if (this.sweeper) clearInterval(this.sweeper);
    for (const s of [...this.subscribers.values()]) void s.queue.return();
  }

  private remove(id: number): void {
    this.subscribers.delete(id);
    if (this.subscribers.size === 0 && this.sweeper) {
      clearInterval(this.sweeper);
      this.sweeper = null;
    }
  }

  private async deliver(seqs: string[]): Promise<void> {
    const groups = [...this.byClient().entries()];
    for (let i = 0; i < groups.length; i += PARALLEL_READS) {
      await Promise.all(groups.slice(i, i + PARALLEL_READS).map(([clientId, subs]) => this.deliverTo(clientId, subs, seqs)));
    }
  }

  private async deliverTo(clientId: string, subs: Subscriber[], seqs: string[]): Promise<void> {
    try {
      const actor = await this.liveActor(clientId, subs);
      if (!actor) return;
      const open = subs.filter((s) => !s.queue.isEnded);
      const matched = await runInContext({ requestId: `subscription-${open[0]?.id}`, channel: 'graphql', sourceAddress: open[0]?.connection.sourceAddress }, () =>
        this.queries.added(actor, seqs, open.map((s) => s.filter)),
      );
      open.forEach((s, i) => matched[i]!.forEach((v) => s.queue.push(v)));
    } catch (error) {
      this.logger.error(`delivering to ${clientId} failed: ${(error as Error).message}`);
      for (const s of subs) s.queue.fail(new AppError(ErrorCode.INTERNAL_SERVER_ERROR, 'delivery failed: subscribe again and catch up with stixObjects'));
    }
  }

  /** The client's actor as of now; a suspended or revoked one has its connections closed. */
  private async liveActor(clientId: string, subs: Subscriber[]): Promise<Actor | null> {
    const actor = await this.actors.forClient(clientId);
    if (actor) return actor;
    for (const s of subs) {
      void s.queue.return();
      s.connection.close(WS_CLOSE.FORBIDDEN, 'Forbidden: the client or its partner is no longer active');
    }
    return null;
  }

  private async sweep(): Promise<void> {
    for (const [clientId, subs] of this.byClient()) await this.liveActor(clientId, subs).catch(() => undefined);
  }

  private failAll(error: Error): void {
    for (const s of [...this.subscribers.values()]) s.queue.fail(error);
  }

  private byClient(): Map<string, Subscriber[]> {
    const groups = new Map<string, Subscriber[]>();
    for (const s of this.subscribers.values()) {
      const list = groups.get(s.clientId) ?? [];
      list.push(s);
      groups.set(s.clientId, list);
    }
    return groups;
  }
}

/** The filter as given, for the audit trail (dates as ISO text). */
function describeFilter(filter: StixFilter | null | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(filter ?? {})) {
    if (value !== null && value !== undefined) out[key] = value instanceof Date ? value.toISOString() : value;
  }
  return out;
}
