import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import type { Logger } from 'pino';
import type { Actor } from '../../auth/actor';
import { AppError } from '../../common/errors/app-error';
import { ActorTransactions } from '../../database/actor-transaction.service';
import { JobsService } from '../../jobs/jobs.service';
import { LOGGER } from '../../logging/logging.module';
import { PartnersService } from '../../partners/partners.service';
import { PolicyService } from '../../policy/policy.service';
import { cliHomeActor } from '../cli-actor';
import { HostFeedRepository } from '../host-feed.repository';
import { HostReportErrors } from '../host-report-errors';
import type { FeedRow, ImportRow } from '../host-report.rows';
import { HOST_REPORT_OPTIONS, type HostReportOptions } from '../host-report.options';
import { HostReportImportService } from '../import/host-report-import.service';
import { urlSource, type DownloadLimits } from './url-source';

/** A pull's download: redirects and the deadline (its size limit is the feed's, as for any import). */
export const PULL_LIMITS = Object.freeze({ timeoutMs: 10 * 60_000, maxRedirects: 5 });

const queueOf = (feed: FeedRow) => `hosts.feed.${feed.id}`;

/**
 * Pulls feeds from their URL: on demand (`pull`) and on each feed's cron schedule through the job queue
 * (one queue per feed, singleton: a pull never overlaps the previous one of the same feed, on any replica).
 * A pull is an import like any other (same limits, rows, counts, audit), streamed from the response.
 */
@Injectable()
export class HostFeedPuller implements OnApplicationBootstrap {
  private readonly registered = new Set<string>();

  constructor(
    private readonly tx: ActorTransactions,
    private readonly policy: PolicyService,
    private readonly partners: PartnersService,
    private readonly feeds: HostFeedRepository,
    private readonly importer: HostReportImportService,
    private readonly jobs: JobsService,
    @Inject(HOST_REPORT_OPTIONS) private readonly options: HostReportOptions,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.jobs.enabled) return;
    try {
      if (!(await this.partners.home())) return;
      const actor = await cliHomeActor(this.partners);
      for (const feed of await this.tx.read(actor, (m) => this.feeds.list(m))) await this.applySchedule(feed);
    } catch (error) {
      this.logger.warn({ err: error, component: 'host-reports' }, 'could not schedule host-report feed pulls');
    }
  }

  /** Downloads the feed's URL now and imports it; the import record (FAILED with the reason if the download fails). */
  async pull(actor: Actor, feedName: string, limits: Partial<DownloadLimits> = {}): Promise<ImportRow> {
    if (!this.policy.isHome(actor)) throw HostReportErrors.homeOnly('pulls host report feeds');
    const feed = await this.tx.read(actor, (m) => this.feeds.findByName(m, feedName));
    if (!feed) throw HostReportErrors.feedNotFound(feedName);
    if (!feed.url) throw AppError.badInput(`feed ${feed.name} has no url to pull from`);
    const headers: Record<string, string> = {};
    if (feed.authHeader && feed.authEnv) {
      // Read at each pull, never stored: the operator rotates the secret in the environment.
      // Checked again here, not only when saved: a row from before the rule must not reach our own secrets.
      if (!feed.authEnv.startsWith('HOST_FEED_')) throw AppError.badInput(`feed ${feed.name}: authEnv must name a HOST_FEED_… variable`);
      const value = process.env[feed.authEnv];
      if (!value) throw AppError.badInput(`feed ${feed.name}: the environment variable ${feed.authEnv} (its ${feed.authHeader} header) is unset on this server`);
      headers[feed.authHeader] = value;
    }
    const maxBytes = Math.min(feed.maxBytes ?? this.options.defaultMaxBytes, feed.format === 'STIX' ? this.options.stixMaxBytes : Infinity);
    return this.importer.import(actor, feed.name, urlSource(feed.url, headers, { maxBytes, ...PULL_LIMITS, ...limits }));
  }

  /** Schedules (or unschedules) a feed's pulls after it was saved. */
  async applySchedule(feed: FeedRow): Promise<void> {
    if (!this.jobs.enabled) return;
    const queue = queueOf(feed);
    if (!feed.url || !feed.schedule) {
      await this.jobs.unschedule(queue); // a schedule another replica made stops here too
      return;
    }
    if (!this.registered.has(queue)) {
      await this.jobs.register<{ feedId: string }>(queue, (data) => this.scheduledPull(data.feedId), {
        singleton: true,
        retryLimit: 2,
        retryDelaySeconds: 60,
        expireInSeconds: Math.ceil(PULL_LIMITS.timeoutMs / 1000) + 600,
      });
      this.registered.add(queue);
    }
    await this.jobs.schedule(queue, feed.schedule, { feedId: feed.id });
  }

  private async scheduledPull(feedId: string): Promise<void> {
    const actor = await cliHomeActor(this.partners);
    const feed = await this.tx.read(actor, (m) => this.feeds.findById(m, feedId));
    if (!feed?.url || !feed.schedule) return; // removed or unscheduled since
    try {
      const record = await this.pull(actor, feed.name);
      this.logger.info({ component: 'host-reports', feed: feed.name, import: record.id, status: record.status }, 'host-report feed pulled');
    } catch (error) {
      // The import record holds the reason; a bad file would fail again the same way, so no retry.
      if (!(error instanceof AppError)) throw error;
      this.logger.warn({ component: 'host-reports', feed: feed.name, err: error }, 'host-report feed pull failed');
    }
  }
}
