import { Injectable } from '@nestjs/common';
import type { Actor } from '../auth/actor';
import { AuditService } from '../audit/audit.service';
import { ActorTransactions } from '../database/actor-transaction.service';
import { PolicyService } from '../policy/policy.service';
import { auditActor } from './host-report-audit';
import { HostReportErrors } from './host-report-errors';
import { HostFeedRepository, type FeedValues } from './host-feed.repository';
import type { FeedRow } from './host-report.rows';
import { checkFeedConfig, type FeedFormat, type FeedMapping, type ThreatMap } from './parsing/feed-config';
import { checkPullSettings } from './pull/pull-settings';
import { HostFeedPuller } from './pull/host-feed-puller';

export interface FeedInput {
  readonly name: string;
  readonly format: string;
  readonly mapping: unknown;
  readonly threatMap?: unknown;
  readonly partial?: boolean;
  readonly maxBytes?: number | null;
  readonly url?: string | null;
  readonly schedule?: string | null;
  readonly authHeader?: string | null;
  readonly authEnv?: string | null;
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9 ._/-]{0,63}$/;

/** Feeds: the named sources HOME imports from, and how each is read. */
@Injectable()
export class HostReportFeedsService {
  constructor(
    private readonly tx: ActorTransactions,
    private readonly policy: PolicyService,
    private readonly audit: AuditService,
    private readonly feeds: HostFeedRepository,
    private readonly puller: HostFeedPuller,
  ) {}

  list(actor: Actor): Promise<FeedRow[]> {
    this.assertHome(actor);
    return this.tx.read(actor, (m) => this.feeds.list(m));
  }

  /** Creates the feed, or replaces the definition of an existing one of the same name (`upsert`). */
  async save(actor: Actor, input: FeedInput, upsert = false): Promise<FeedRow> {
    this.assertHome(actor);
    const values = this.check(input);
    const saved = await this.tx.run(actor, async (m) => {
      const existing = await this.feeds.findByName(m, values.name, true);
      if (existing && !upsert) throw HostReportErrors.feedNameTaken(values.name);
      const saved = existing ? await this.feeds.update(m, existing.id, values) : await this.feeds.insert(m, values);
      await this.audit.record(m, {
        action: existing ? 'host-feed.update' : 'host-feed.create',
        outcome: 'ok',
        actor: auditActor(actor),
        targetIds: [saved.id],
        details: {
          name: saved.name, format: saved.format, partial: saved.partial, maxBytes: saved.maxBytes, threats: Object.keys(saved.threatMap).length,
          url: saved.url, schedule: saved.schedule, authHeader: saved.authHeader, authEnv: saved.authEnv,
        },
      });
      return saved;
    });
    await this.puller.applySchedule(saved);
    return saved;
  }

  private check(input: FeedInput): FeedValues {
    const threatMap = input.threatMap ?? {};
    const problems = checkFeedConfig(input.format, input.mapping, threatMap);
    const name = input.name.trim();
    if (!NAME.test(name)) problems.unshift({ path: 'name', message: 'must be 1-64 letters, digits, spaces or . _ / -, starting with a letter or digit' });
    if (input.maxBytes !== undefined && input.maxBytes !== null && !(Number.isSafeInteger(input.maxBytes) && input.maxBytes > 0)) {
      problems.push({ path: 'maxBytes', message: 'must be a positive whole number of bytes' });
    }
    problems.push(...checkPullSettings(input));
    if (problems.length) throw HostReportErrors.invalidFeed(problems);
    return {
      name,
      format: input.format as FeedFormat,
      mapping: input.mapping as FeedMapping,
      threatMap: threatMap as ThreatMap,
      partial: input.partial ?? false,
      maxBytes: input.maxBytes ?? null,
      url: input.url || null,
      schedule: input.schedule?.trim().replace(/\s+/g, ' ') || null,
      authHeader: input.authHeader || null,
      authEnv: input.authEnv || null,
    };
  }

  private assertHome(actor: Actor): void {
    if (!this.policy.isHome(actor)) throw HostReportErrors.homeOnly('manages host report feeds');
  }
}
