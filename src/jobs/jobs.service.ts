import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import PgBoss from 'pg-boss';
import type { Logger } from 'pino';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { LOGGER } from '../logging/logging.module';
import { JOBS_DATABASE_URL } from './jobs.tokens';

/**
 * How a queue behaves. `singleton`: at most one job per key runs at a time, across every replica, and at most
 * one more waits (pg-boss's `stately` policy): sending again while one waits is a no-op. Failed jobs are
 * retried `retryLimit` times, after `retryDelaySeconds`, doubling each time (`backoff`, default on).
 */
export interface QueueOptions {
  readonly singleton?: boolean;
  readonly retryLimit?: number;
  readonly retryDelaySeconds?: number;
  readonly backoff?: boolean;
  /** A job still running after this long is failed (and retried); default 15 minutes. */
  readonly expireInSeconds?: number;
  /** Jobs this process runs at once from this queue; default 1. */
  readonly concurrency?: number;
}

export interface SendOptions {
  /** With a `singleton` queue, the unit of "one at a time" (e.g. a peer id). */
  readonly singletonKey?: string;
  readonly startAfterSeconds?: number;
}

export type JobHandler<T> = (data: T, job: { readonly id: string; readonly retryCount: number }) => Promise<void>;

interface Registration {
  readonly queue: string;
  readonly handler: JobHandler<never>;
  readonly options: QueueOptions;
}

const QUEUE_NAME = /^[a-z][a-z0-9._-]{0,49}$/;

/**
 * Background jobs on our own PostgreSQL (pg-boss 10, schema JOBS_SCHEMA), for any module:
 *
 *   constructor(private readonly jobs: JobsService) {}
 *   onModuleInit() {
 *     this.jobs.register<{ feedId: string }>('hosts.feed', (data) => this.pull(data.feedId), { singleton: true, retryLimit: 5 });
 *   }
 *   await this.jobs.schedule('hosts.feed', '*\/15 * * * *', { feedId });   // cron, UTC; one schedule per queue
 *   await this.jobs.send('hosts.feed', { feedId }, { singletonKey: feedId }); // now
 *
 * `register` may be called before or after start (it is remembered and the worker starts with the service).
 * A handler that throws fails the job, which is retried with exponential back-off. With JOBS_ENABLED=false
 * (tests, the CLI) nothing runs: `register`/`schedule` are remembered but idle and `send` returns null, so
 * callers that must act now check `enabled` and call their work directly. pg-boss connects as the owner
 * role (its queue DDL needs it) and touches only its own schema; handlers do their work through the
 * application's (cx_app) connections like any request. On shutdown, workers stop taking jobs and running
 * ones get SHUTDOWN_GRACE_MS to finish; a job cut off is retried after it expires.
 */
@Injectable()
export class JobsService implements OnApplicationBootstrap, OnModuleDestroy {
  private boss: PgBoss | undefined;
  private readonly registrations = new Map<string, Registration>();
  private readonly schedules = new Map<string, { cron: string; data: object }>();
  private starting: Promise<void> | undefined;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(JOBS_DATABASE_URL) private readonly databaseUrl: string,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  get enabled(): boolean {
    return this.config.jobs.enabled;
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.enabled) await this.start();
  }

  async onModuleDestroy(): Promise<void> {
    const boss = this.boss;
    this.boss = undefined;
    await this.starting?.catch(() => undefined);
    if (boss) await boss.stop({ graceful: true, wait: true, timeout: Math.max(1000, this.config.shutdownGraceMs) });
  }

  /** Handler for a queue (creating the queue). Call once per queue, e.g. in onModuleInit. */
  async register<T>(queue: string, handler: JobHandler<T>, options: QueueOptions = {}): Promise<void> {
    assertQueueName(queue);
    if (this.registrations.has(queue)) throw new Error(`a handler for queue ${queue} is already registered`);
    const registration = { queue, handler: handler as JobHandler<never>, options };
    this.registrations.set(queue, registration);
    if (this.boss) await this.startWorker(this.boss, registration);
  }

  /** Runs `queue` with `data` on a cron schedule (five fields, UTC); replaces that queue's schedule. */
  async schedule(queue: string, cron: string, data: object = {}): Promise<void> {
    assertQueueName(queue);
    this.schedules.set(queue, { cron, data });
    if (this.boss) await this.boss.schedule(queue, cron, data, { tz: 'UTC' });
  }

  async unschedule(queue: string): Promise<void> {
    this.schedules.delete(queue);
    if (this.boss) await this.boss.unschedule(queue);
  }

  /** Queues a job now; the id, or null when jobs are off or a singleton key already waits. */
  async send(queue: string, data: object, options: SendOptions = {}): Promise<string | null> {
    assertQueueName(queue);
    if (!this.boss) return null;
    const registration = this.registrations.get(queue);
    return this.boss.send(queue, data, {
      ...retryOf(registration?.options ?? {}),
      ...(options.singletonKey ? { singletonKey: options.singletonKey } : {}),
      ...(options.startAfterSeconds ? { startAfter: options.startAfterSeconds } : {}),
    });
  }

  /** How many jobs of a queue are waiting or running (for status pages and tests). */
  async pending(queue: string): Promise<number> {
    if (!this.boss) return 0;
    return this.boss.getQueueSize(queue, { before: 'completed' });
  }

  private start(): Promise<void> {
    this.starting ??= (async () => {
      const { schema, poolSize, pollIntervalMs } = this.config.jobs;
      const boss = new PgBoss({
        connectionString: this.databaseUrl,
        schema,
        max: poolSize,
        application_name: 'cert-exchange-jobs',
        migrate: true,
        supervise: true,
        schedule: true,
      });
      // An 'error' event without a listener would crash the process; pg-boss retries its own loops.
      boss.on('error', (error) => this.logger.error({ err: error, component: 'jobs' }, 'pg-boss error'));
      await boss.start();
      // A registration made while these start is picked up by the iteration; after it, register() starts it.
      for (const registration of this.registrations.values()) await this.startWorker(boss, registration, pollIntervalMs);
      this.boss = boss;
      for (const [queue, s] of this.schedules) await boss.schedule(queue, s.cron, s.data, { tz: 'UTC' });
      this.logger.info({ component: 'jobs', schema, queues: [...this.registrations.keys()] }, 'jobs started');
    })();
    return this.starting;
  }

  private async startWorker(boss: PgBoss, r: Registration, pollIntervalMs = this.config.jobs.pollIntervalMs): Promise<void> {
    const { options } = r;
    const queue = { name: r.queue, policy: options.singleton ? ('stately' as const) : ('standard' as const), ...retryOf(options), expireInSeconds: options.expireInSeconds ?? 15 * 60 };
    if (await boss.getQueue(r.queue)) await boss.updateQueue(r.queue, queue);
    else await boss.createQueue(r.queue, queue);
    const work = { pollingIntervalSeconds: pollIntervalMs / 1000, batchSize: 1, includeMetadata: true as const };
    for (let i = 0; i < Math.max(1, options.concurrency ?? 1); i++) {
      await boss.work<object>(r.queue, work, async ([job]) => {
        if (!job) return;
        const started = Date.now();
        try {
          await r.handler(job.data as never, { id: job.id, retryCount: job.retryCount });
          this.logger.debug({ component: 'jobs', queue: r.queue, job: job.id, ms: Date.now() - started }, 'job done');
        } catch (error) {
          this.logger.warn({ component: 'jobs', queue: r.queue, job: job.id, retry: job.retryCount, err: error }, 'job failed');
          throw error;
        }
      });
    }
  }
}

function retryOf(options: QueueOptions): { retryLimit: number; retryDelay: number; retryBackoff: boolean } {
  return { retryLimit: options.retryLimit ?? 3, retryDelay: options.retryDelaySeconds ?? 30, retryBackoff: options.backoff ?? true };
}

function assertQueueName(queue: string): void {
  if (!QUEUE_NAME.test(queue)) throw new Error(`queue name ${queue} must be lower-case letters, digits, . _ - (at most 50)`);
}
