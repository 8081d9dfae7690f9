import { Inject, Injectable } from '@nestjs/common';
import type { Actor } from '../auth/actor';
import { AuditService } from '../audit/audit.service';
import type { ProblemDetail } from '../common/errors/app-error';
import { decodeCursor, pageSize, toConnection, type Connection } from '../common/graphql/pagination';
import { ActorTransactions } from '../database/actor-transaction.service';
import { PartnersService } from '../partners/partners.service';
import { PolicyService } from '../policy/policy.service';
import { ownedSql, viewerOf } from './host-report-access';
import { auditActor } from './host-report-audit';
import { HostReportErrors } from './host-report-errors';
import { HostNetworkRepository } from './host-network.repository';
import { HostReportRepository } from './host-report.repository';
import type { NetworkRow } from './host-report.rows';
import { HOST_REPORT_OPTIONS, type HostReportOptions } from './host-report.options';
import { parseNetwork } from './routing/network-prefix';

export interface AddNetworksResult {
  readonly added: number;
  readonly alreadyRegistered: number;
  /** Reports of the UNROUTED queue the new networks now cover. */
  readonly rerouted: number;
}

/** Networks partners answer for: HOME registers them; an owner may list its own. */
@Injectable()
export class HostNetworksService {
  constructor(
    private readonly tx: ActorTransactions,
    private readonly policy: PolicyService,
    private readonly audit: AuditService,
    private readonly partners: PartnersService,
    private readonly networks: HostNetworkRepository,
    private readonly reports: HostReportRepository,
    @Inject(HOST_REPORT_OPTIONS) private readonly options: HostReportOptions,
  ) {}

  /**
   * Registers prefixes and AS numbers for a partner, all or nothing: any invalid entry (e.g. 10.0.0.1/8) or
   * one registered to another partner refuses the whole list. Entries the partner already has are skipped.
   * `lines` are numbered from 1 in problems; blank lines and # comments are ignored.
   */
  async add(actor: Actor, partnerShortName: string, lines: readonly string[]): Promise<AddNetworksResult> {
    if (!this.policy.isHome(actor)) throw HostReportErrors.homeOnly('registers networks');
    const partner = await this.partners.getByShortName(partnerShortName);
    const problems: ProblemDetail[] = [];
    const prefixes = new Set<string>();
    const asns = new Set<number>();
    lines.forEach((text, i) => {
      const entry = text.replace(/#.*/, '').trim();
      if (entry === '') return;
      const parsed = parseNetwork(entry);
      if (!parsed.ok) problems.push({ path: `line ${i + 1}`, message: parsed.message });
      else if ('prefix' in parsed.value) prefixes.add(parsed.value.prefix);
      else asns.add(parsed.value.asn);
    });
    if (problems.length === 0 && prefixes.size + asns.size === 0) problems.push({ path: 'networks', message: 'no prefix or AS number given' });
    if (problems.length) throw HostReportErrors.invalidNetworks(problems);
    return this.tx.run(actor, async (m) => {
      const held = await this.networks.holders(m, [...prefixes], [...asns]);
      const others = held.filter((h) => h.partnerId !== partner.id);
      if (others.length) throw HostReportErrors.invalidNetworks(others.map((h) => ({ path: h.network, message: `already registered to ${h.shortName}` })));
      const inserted = await this.networks.insert(m, partner.id, [...prefixes], [...asns]);
      const added = inserted.prefixes + inserted.asns;
      const rerouted = added > 0 ? await this.reports.rerouteUnrouted(m) : 0;
      await this.audit.record(m, {
        action: 'host-network.add',
        outcome: 'ok',
        actor: auditActor(actor),
        targetIds: [partner.id],
        details: { partner: partner.shortName, prefixes: prefixes.size, asns: asns.size, added, rerouted },
      });
      return { added, alreadyRegistered: prefixes.size + asns.size - added, rerouted };
    });
  }

  /** HOME: every network (or one partner's); an owner: its own. Oldest first. */
  async list(actor: Actor, partnerShortName: string | undefined, first?: number, after?: string): Promise<Connection<NetworkRow>> {
    const size = pageSize(first, this.options.maxPageSize);
    const [afterId] = decodeCursor(after, 1) ?? [];
    const viewer = viewerOf(actor, this.policy.isHome(actor));
    return this.tx.read(actor, async (m) => {
      const params: unknown[] = [];
      const conditions = [ownedSql(viewer, 'n.partner_id', params)];
      if (partnerShortName !== undefined) {
        params.push(partnerShortName);
        conditions.push(`lower(p.short_name) = lower($${params.length})`);
      }
      const rows = await this.networks.page(m, conditions, params, typeof afterId === 'number' ? afterId : undefined, size + 1);
      return toConnection(rows, size, (r) => [Number(r.id)], after);
    });
  }

  async remove(actor: Actor, id: string): Promise<NetworkRow> {
    if (!this.policy.isHome(actor)) throw HostReportErrors.homeOnly('removes networks');
    if (!/^\d{1,18}$/.test(id)) throw HostReportErrors.networkNotFound(id);
    return this.tx.run(actor, async (m) => {
      const removed = await this.networks.remove(m, id);
      if (!removed) throw HostReportErrors.networkNotFound(id);
      await this.audit.record(m, {
        action: 'host-network.remove',
        outcome: 'ok',
        actor: auditActor(actor),
        targetIds: [removed.partnerId],
        details: { partner: removed.partnerShortName, network: removed.prefix ?? `AS${removed.asn}` },
      });
      return removed;
    });
  }
}
