import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { AppError } from '../common/errors/app-error';
import { decodeCursor, pageSize, toConnection, type Connection } from '../common/graphql/pagination';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/app-config';
import { ActorTransactions } from '../database/actor-transaction.service';
import type { TlpLevel } from '../policy';
import { PolicyService } from '../policy/policy.service';
import { StixStoreService } from '../stix/store/stix-store.service';
import { advisoryObjects, isCveId, type AdvisoryCve } from './advisory-stix';
import { IncidentSharing, type SharingInput } from './incident-sharing';

export interface NewAdvisory extends SharingInput {
  readonly title: string;
  readonly description?: string | null;
  readonly cves: readonly AdvisoryCve[];
}

export interface AdvisoryRow {
  readonly id: string;
  readonly seq: string;
  readonly stixId: string;
  readonly title: string;
  readonly cves: string[];
  readonly publishedAt: Date;
  readonly tlp: TlpLevel | null;
  readonly audiencePartners: string[] | null;
  readonly audienceGroups: string[] | null;
  readonly ownerPartnerId: string;
}

const COLUMNS = `a.id, a.seq, a.stix_id AS "stixId", a.title, a.cves, a.published_at AS "publishedAt", a.tlp,
  a.audience_partners AS "audiencePartners", a.audience_groups AS "audienceGroups", a.owner_partner_id AS "ownerPartnerId"`;

/**
 * Security advisories: HOME publishes a STIX report with one vulnerability per CVE, TLP:CLEAR unless
 * said otherwise, through the object store (so TAXII and sync carry it); `advisories` indexes them by
 * publication for listing and the yearly count. Both are written in one transaction: an advisory is
 * listed exactly when its STIX form exists.
 */
@Injectable()
export class AdvisoriesService {
  constructor(
    private readonly tx: ActorTransactions,
    private readonly policy: PolicyService,
    private readonly sharing: IncidentSharing,
    private readonly store: StixStoreService,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async publish(actor: Actor, input: NewAdvisory): Promise<AdvisoryRow> {
    if (!this.policy.isHome(actor)) throw AppError.forbidden('only the home CERT publishes advisories');
    const title = input.title.trim();
    if (title.length === 0 || title.length > 300) throw AppError.badInput('title must be 1 to 300 characters', { argument: 'title' });
    const cves = input.cves.map((c) => ({ ...c, id: c.id.trim().toUpperCase() }));
    const bad = cves.filter((c) => !isCveId(c.id));
    if (cves.length === 0) throw AppError.badInput('an advisory names at least one CVE', { argument: 'cves' });
    if (bad.length > 0) throw AppError.invalid(bad.map((c) => ({ path: 'cves.id', message: `${c.id} is not a CVE id (CVE-YYYY-NNNN)` })));
    const sharing = await this.sharing.resolve(input, 'CLEAR');
    const tlp = sharing.tlp ?? 'CLEAR';
    const published = new Date();
    const reportId = `report--${randomUUID()}`;
    const objects = advisoryObjects({ reportId, title, description: input.description ?? null, cves, published, tlp, createdByRef: actor.identityRef });
    return this.tx.run(actor, async (m) => {
      await this.store.submitBundle(actor, { bundle: { type: 'bundle', id: `bundle--${randomUUID()}`, objects }, audience: await this.sharing.audienceNames(sharing, m) }, 'graphql', null, undefined, m);
      const rows: AdvisoryRow[] = await m.query(
        `INSERT INTO advisories AS a (stix_id, title, cves, published_at, tlp, audience_partners, audience_groups, owner_partner_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${COLUMNS}`,
        [reportId, title, cves.map((c) => c.id), published, tlp, sharing.audiencePartners, sharing.audienceGroups, actor.partnerId],
      );
      await this.audit.record(m, { action: 'advisory.publish', outcome: 'ok', actor, targetIds: [reportId], details: { title, cves: cves.map((c) => c.id), tlp } });
      return rows[0]!;
    });
  }

  /** Advisories of one year this actor may see, newest first. */
  async list(actor: Actor, year: number, first?: number, after?: string): Promise<Connection<AdvisoryRow>> {
    if (!Number.isInteger(year) || year < 1970 || year > 9999) throw AppError.badInput(`year must be between 1970 and 9999 (got ${year})`, { argument: 'year' });
    const size = pageSize(first, this.config.maxPageSize);
    const cursor = decodeCursor(after, 1);
    const rows = await this.tx.read(actor, (m) => {
      const visible = this.policy.visibleTo(actor, 'a', 3);
      return m.query(
        `SELECT ${COLUMNS} FROM advisories a WHERE a.published_at >= $1 AND a.published_at < $2 AND ($3::bigint IS NULL OR a.seq < $3) AND ${visible.sql}
         ORDER BY a.seq DESC LIMIT $${visible.params.length + 4}`,
        [new Date(Date.UTC(year, 0, 1)), new Date(Date.UTC(year + 1, 0, 1)), cursor ? String(cursor[0]) : null, ...visible.params, size + 1],
      ) as Promise<AdvisoryRow[]>;
    });
    return toConnection(rows, size, (r) => [r.seq], after);
  }
}
