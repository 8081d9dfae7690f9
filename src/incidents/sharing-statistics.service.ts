import { Injectable } from '@nestjs/common';
import type { Actor } from '../auth/actor';
import { AppError } from '../common/errors/app-error';
import { ActorTransactions } from '../database/actor-transaction.service';
import { PartnersService } from '../partners/partners.service';
import { visibleToViewersSql } from '../policy';
import { PolicyService } from '../policy/policy.service';
import type { IngestChannel } from '../stix/store/stix-store.types';
import { monthRange, monthsBetween } from './sharing-months';

export const SHARING_CHANNELS: readonly IngestChannel[] = ['graphql', 'taxii', 'sync', 'cli'];

export interface PartnerMonth {
  /** `YYYY-MM`, a UTC month. */
  readonly month: string;
  readonly shared: number;
  readonly received: number;
  readonly receivedByChannel: { channel: IngestChannel; count: number }[];
}

export interface PartnerSharing {
  readonly partner: string;
  readonly months: PartnerMonth[];
}

/**
 * HOME's report of what the exchange shared with and received from each partner, per UTC month, in
 * STIX object versions (a new version counts again; a duplicate is never stored, so never counted):
 *
 * - received: versions the store accepted from the partner (`submitted_by_partner_id`: GraphQL, TAXII,
 *   sync or CLI), by the month they arrived;
 * - shared: versions others stored that month which the sharing policy makes available to the partner,
 *   judged by its trust, groups and status today. Delivery is not measured: reads are audited only for
 *   restricted objects, so no record says that every available object was fetched.
 *
 * Both come from one set-based statement: one scan of the range over the received_at index, grouped
 * by the sharing columns, then the policy's own rule, compiled for all partners at once, decides which
 * groups are available to whom.
 */
@Injectable()
export class SharingStatisticsService {
  constructor(
    private readonly tx: ActorTransactions,
    private readonly policy: PolicyService,
    private readonly partners: PartnersService,
  ) {}

  async forMonths(actor: Actor, from: string, to: string): Promise<PartnerSharing[]> {
    if (!this.policy.isHome(actor)) throw AppError.forbidden('only the home CERT reads the sharing statistics');
    const range = monthRange(from, to);
    const months = monthsBetween(range);
    return this.tx.read(actor, async (m) => {
      const partners = (await this.partners.list(m)).filter((p) => p.kind !== 'HOME');
      const viewers = partners
        .map((p) => this.policy.viewerValues({ partnerId: p.id, partnerKind: p.kind, trust: p.trust, groups: p.groups, active: p.status === 'ACTIVE' }))
        .filter((v) => v !== null);
      // One scan of the range, grouped by what the policy reads (and by provenance): partners are then
      // joined to a few thousand groups rather than to every version.
      const rows: { partner_id: string; month: string; kind: 'shared' | IngestChannel; n: number }[] = await m.query(
        `WITH v AS (SELECT * FROM jsonb_to_recordset($3::jsonb) AS v(me uuid, fallback text, levels text[], groups text[])),
              g AS MATERIALIZED (
                SELECT date_trunc('month', s.received_at AT TIME ZONE 'UTC') AS month, s.tlp, s.audience_partners, s.audience_groups, s.owner_partner_id,
                       s.submitted_by_partner_id, s.channel, count(*) AS n
                  FROM stix_objects s
                 WHERE s.received_at >= $1 AND s.received_at < $2
                 GROUP BY 1, 2, 3, 4, 5, 6, 7)
         SELECT v.me AS partner_id, to_char(g.month, 'YYYY-MM') AS month, 'shared' AS kind, CAST(sum(g.n) AS int) AS n
           FROM v JOIN g ON g.owner_partner_id <> v.me AND ${visibleToViewersSql('g', 'v')}
          GROUP BY 1, 2
         UNION ALL
         SELECT g.submitted_by_partner_id, to_char(g.month, 'YYYY-MM'), g.channel, CAST(sum(g.n) AS int) FROM g GROUP BY 1, 2, 3`,
        [range.start, range.end, JSON.stringify(viewers)],
      );
      const cell = new Map(rows.map((r) => [`${r.partner_id.toLowerCase()} ${r.month} ${r.kind}`, r.n]));
      const get = (partnerId: string, month: string, kind: string) => cell.get(`${partnerId.toLowerCase()} ${month} ${kind}`) ?? 0;
      return partners.map((p) => ({
        partner: p.shortName,
        months: months.map((month) => {
          const receivedByChannel = SHARING_CHANNELS.map((channel) => ({ channel, count: get(p.id, month, channel) }));
          return { month, shared: get(p.id, month, 'shared'), received: receivedByChannel.reduce((n, c) => n + c.count, 0), receivedByChannel };
        }),
      }));
    });
  }
}
