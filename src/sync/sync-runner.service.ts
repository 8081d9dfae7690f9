import { createHash } from 'node:crypto';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { AppError, ErrorCode } from '../common/errors/app-error';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { ActorTransactions } from '../database/actor-transaction.service';
import { JobsService } from '../jobs/jobs.service';
import { LOGGER } from '../logging/logging.module';
import { PartnersService } from '../partners/partners.service';
import { nextRun } from './peer-schedule';
import { emptyCounts, type Peer, type RunTrigger, type SyncRun } from './peer.types';
import { open } from './secret-box';
import { homeActor } from '../partners/home-actor';
import { peerPartnerActor } from './sync-actors';
import { SyncPullService, type PageHook } from './sync-pull.service';
import { SyncPushService } from './sync-push.service';
import { SyncRepository } from './sync.repository';
import { PeerError, TaxiiClient, type PeerCredentials } from './taxii-client';

export const SYNC_PEER_QUEUE = 'sync.peer';
export const SYNC_SCHEDULE_QUEUE = 'sync.schedule';

export interface SyncRequest {
  /** True when handed to the job queue (a replica runs it); false when it ran here and `run` says how it went. */
  readonly queued: boolean;
  readonly run: SyncRun | null;
}

/**
 * Runs peer syncs: on each peer's cron (a pg-boss job every minute claims the peers that are due, and queues
 * one `sync.peer` job each, a singleton per peer), on demand (`runPeerSync`, `sync:run`), with pg-boss's
 * retries and exponential back-off when a run fails. Whatever starts it, a run holds a PostgreSQL advisory
 * lock on its peer for its whole length, so two runs of one peer never overlap, on any replica or CLI.
 * Every run is a row of sync_runs and an audit event (`sync.run`).
 */
@Injectable()
export class SyncRunner implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tx: ActorTransactions,
    private readonly repository: SyncRepository,
    private readonly partners: PartnersService,
    private readonly pull: SyncPullService,
    private readonly pushes: SyncPushService,
    private readonly audit: AuditService,
    private readonly jobs: JobsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.jobs.register<{ peerId: string; trigger?: RunTrigger }>(SYNC_PEER_QUEUE, async (data) => void (await this.run(data.peerId, data.trigger ?? 'SCHEDULE', { rethrow: true })), {
      singleton: true,
      retryLimit: 5,
      retryDelaySeconds: 30,
      backoff: true,
      expireInSeconds: 6 * 3600,
      concurrency: 2,
    });
    await this.jobs.register(SYNC_SCHEDULE_QUEUE, async () => void (await this.queueDue()), { singleton: true, retryLimit: 0 });
    await this.jobs.schedule(SYNC_SCHEDULE_QUEUE, '* * * * *');
  }

  /** The scheduler's minute: peers whose cron is due get a job each (one waiting per peer at most). */
  async queueDue(): Promise<number> {
    const home = await this.homeActor();
    const due = await this.tx.run(home, (m) => this.repository.claimDue(m, (peer) => (peer.schedule ? nextRun(peer.schedule) : null)));
    for (const peer of due) await this.jobs.send(SYNC_PEER_QUEUE, { peerId: peer.id, trigger: 'SCHEDULE' }, { singletonKey: peer.id });
    return due.length;
  }

  /** `runPeerSync`: queued when jobs run in this deployment, else run now and reported. */
  async request(actor: Actor, idOrName: string, trigger: RunTrigger): Promise<SyncRequest> {
    const peer = await this.tx.read(actor, (m) => this.repository.peer(m, idOrName));
    if (!peer) throw AppError.notFound('Peer', idOrName);
    if (this.jobs.enabled) {
      await this.jobs.send(SYNC_PEER_QUEUE, { peerId: peer.id, trigger }, { singletonKey: peer.id });
      return { queued: true, run: null };
    }
    return { queued: false, run: await this.run(peer.id, trigger) };
  }

  /**
   * One run: pull, then push, as the peer's direction says. A failure is recorded on the run (and thrown
   * again with `rethrow`, so the job queue retries it with back-off); what was committed before it stays.
   */
  async run(idOrName: string, trigger: RunTrigger, options: { rethrow?: boolean; onPage?: PageHook } = {}): Promise<SyncRun> {
    const home = await this.homeActor();
    const peer = await this.tx.read(home, (m) => this.repository.peer(m, idOrName));
    if (!peer) throw AppError.notFound('Peer', idOrName);
    const lock = this.dataSource.createQueryRunner();
    await lock.connect();
    try {
      const key = lockKey(peer.id);
      const [{ locked }] = (await lock.query(`SELECT pg_try_advisory_lock($1::bigint) AS locked`, [key])) as [{ locked: boolean }];
      if (!locked) throw new AppError(ErrorCode.CONFLICT, `a sync of peer ${peer.name} is running already`);
      try {
        return await this.locked(home, peer, trigger, options);
      } finally {
        await lock.query(`SELECT pg_advisory_unlock($1::bigint)`, [key]);
      }
    } finally {
      await lock.release();
    }
  }

  private async locked(home: Actor, peer: Peer, trigger: RunTrigger, options: { rethrow?: boolean; onPage?: PageHook }): Promise<SyncRun> {
    const runId = await this.tx.run(home, (m) => this.repository.startRun(m, peer.id, trigger));
    const counts = emptyCounts();
    let failure: unknown;
    try {
      const [partner] = await this.partners.findByIds([peer.partnerId]);
      if (!partner) throw new PeerError(`the partner of peer ${peer.name} no longer exists`);
      const actor = peerPartnerActor(partner, peer.name);
      if (!peer.enabled) throw new PeerError(`peer ${peer.name} is disabled`);
      if (!actor.active) throw new PeerError(`partner ${partner.shortName} is suspended: nothing moves to or from its peer`);
      const client = new TaxiiClient(apiRootUrl(peer), this.credentials(peer), this.config.sync.requestTimeoutMs);
      let current = peer;
      if (peer.direction !== 'PUSH') {
        const exchange = await this.pull.pull(peer, actor, home.identityRef, client, counts, options.onPage);
        if (exchange && !peer.remoteIdentity) current = await this.learnIdentity(home, peer, exchange);
      }
      if (peer.direction !== 'PULL') await this.pushes.push(current, actor, home.identityRef, client, counts);
    } catch (error) {
      failure = error;
    }
    const message = failure === undefined ? null : describeFailure(failure);
    const run = await this.tx.run(home, async (m) => {
      const finished = await this.repository.finishRun(m, runId, message ? 'FAILED' : 'OK', counts, message);
      await this.audit.record(m, {
        action: 'sync.run',
        outcome: message ? 'error' : 'ok',
        actor: home,
        targetIds: [peer.id],
        details: { peer: peer.name, run: runId, trigger, direction: peer.direction, ...counts, error: message },
      });
      return finished;
    });
    if (message) this.logger.warn({ component: 'sync', peer: peer.name, run: runId, error: message, err: failure }, 'peer sync failed');
    else this.logger.info({ component: 'sync', peer: peer.name, run: runId, ...counts }, 'peer sync done');
    if (failure !== undefined && options.rethrow) throw failure instanceof Error ? failure : new Error(message!);
    return run;
  }

  /** The peer is another exchange of ours and named itself: from now on nothing that started there is pushed back. */
  private async learnIdentity(home: Actor, peer: Peer, exchange: string): Promise<Peer> {
    if (!/^identity--[0-9a-f-]{36}$/.test(exchange)) return peer;
    const learned = { ...peer, remoteIdentity: exchange };
    await this.tx.run(home, async (m) => {
      await this.repository.updatePeer(m, learned);
      await this.audit.record(m, { action: 'peer.update', outcome: 'ok', actor: home, targetIds: [peer.id], details: { after: { remoteIdentity: exchange }, reason: 'learned from the peer exchange' } });
    });
    return learned;
  }

  private credentials(peer: Peer): PeerCredentials {
    const key = this.config.sync.secretKey;
    if (!key) throw new PeerError('SYNC_SECRET_KEY is not configured: the peer credentials cannot be opened');
    const tokenUrl = peer.tokenUrl ?? `${peer.baseUrl}/oauth/token`;
    try {
      if (peer.authMethod === 'PRIVATE_KEY_JWT') {
        if (!peer.privateKeySealed || !peer.publicJwk) throw new Error('no key pair');
        const privateKeyPem = open(key, peer.privateKeySealed, `peer:${peer.id}:private-key`);
        return { method: 'PRIVATE_KEY_JWT', clientId: peer.clientId, privateKeyPem, kid: String(peer.publicJwk.kid), tokenUrl, audience: [peer.assertionAudience ?? tokenUrl] };
      }
      if (!peer.secretSealed) throw new Error('no secret');
      const secret = open(key, peer.secretSealed, `peer:${peer.id}:secret`);
      return peer.authMethod === 'BASIC' ? { method: 'BASIC', clientId: peer.clientId, secret } : { method: 'CLIENT_SECRET', clientId: peer.clientId, secret, tokenUrl };
    } catch {
      throw new PeerError(`the credentials of peer ${peer.name} cannot be opened (SYNC_SECRET_KEY changed?): enter them again`);
    }
  }

  async homeActor(): Promise<Actor> {
    const home = await this.partners.home();
    if (!home) throw new PeerError('no HOME partner yet');
    return homeActor(home, 'system:sync');
  }
}

export function apiRootUrl(peer: Pick<Peer, 'apiRoot' | 'baseUrl'>): string {
  const url = new URL(peer.apiRoot, `${peer.baseUrl}/`).toString();
  return url.endsWith('/') ? url : `${url}/`;
}

/** A stable 63-bit key per peer for pg_try_advisory_lock. */
function lockKey(peerId: string): string {
  return createHash('sha256').update(`cx-sync:${peerId}`).digest().readBigInt64BE(0).toString();
}

/** One line for the run history and status: a peer's answer as such, anything of ours without internals. */
function describeFailure(error: unknown): string {
  if (error instanceof PeerError || error instanceof AppError) return error.message.slice(0, 1000);
  return 'internal error (details in the server log under this run id)';
}
