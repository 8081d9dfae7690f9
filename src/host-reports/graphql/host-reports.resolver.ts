import { Args, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { Actor } from '../../auth/actor';
import { CurrentActor } from '../../auth/current-actor.decorator';
import { RequireRoles } from '../../auth/roles.guard';
import { contentSource } from '../import/byte-sources';
import { HostReportImportService } from '../import/host-report-import.service';
import { HostFeedPuller } from '../pull/host-feed-puller';
import type { ReportStatus } from '../host-report.rows';
import { HostReportsService } from '../host-reports.service';
import { renderDigest } from '../digest-format';
import { HostReportFilterInput } from './host-report.inputs';
import { HostReportMapper } from './host-report.mapper';
import { DigestFormatEnum, HostReport, HostReportConnection, HostReportImport, HostReportStatistics, HostReportStatusEnum, ImportEncodingEnum } from './host-report.types';

@Resolver()
export class HostReportsResolver {
  constructor(
    private readonly reports: HostReportsService,
    private readonly importer: HostReportImportService,
    private readonly puller: HostFeedPuller,
  ) {}

  @Query(() => HostReportConnection, { description: 'Compromised hosts routed to the caller (HOME: all, the UNROUTED queue included), newest first.' })
  async hostReports(
    @CurrentActor() actor: Actor,
    @Args('filter', { nullable: true }) filter?: HostReportFilterInput,
    @Args('first', { type: () => Int, nullable: true }) first?: number,
    @Args('after', { nullable: true }) after?: string,
  ) {
    const page = await this.reports.list(actor, filter ?? {}, first, after);
    return { ...page, edges: page.edges.map((e) => ({ cursor: e.cursor, node: HostReportMapper.toReport(e.node) })) };
  }

  @Mutation(() => [HostReport], { description: 'The owner (or HOME) marks its reports; an id it cannot see fails the call as not found.' })
  @RequireRoles('ADMIN', 'ANALYST')
  async setHostReportStatus(
    @CurrentActor() actor: Actor,
    @Args('ids', { type: () => [ID] }) ids: string[],
    @Args('status', { type: () => HostReportStatusEnum }) status: ReportStatus,
    @Args('note', { nullable: true, description: 'Kept in the audit trail, e.g. a ticket number.' }) note?: string,
  ): Promise<HostReport[]> {
    return (await this.reports.setStatus(actor, ids, status, note)).map(HostReportMapper.toReport);
  }

  @Query(() => HostReportStatistics, { description: 'Hosts per owner, threat and UTC day in [from, to] (YYYY-MM-DD, inclusive), over reports the caller may see.' })
  async hostReportStatistics(@CurrentActor() actor: Actor, @Args('from') from: string, @Args('to') to: string): Promise<HostReportStatistics> {
    return HostReportMapper.toStatistics(from, to, await this.reports.figures(actor, from, to));
  }

  @Query(() => String, { description: 'The reports first received on a UTC day (YYYY-MM-DD), as CSV or JSON text. Large digests: GET /host-reports/digest.' })
  async hostReportDigest(
    @CurrentActor() actor: Actor,
    @Args('date') date: string,
    @Args('format', { type: () => DigestFormatEnum, nullable: true }) format?: 'CSV' | 'JSON',
  ): Promise<string> {
    const f = format === 'JSON' ? 'json' : 'csv';
    let text = '';
    for await (const part of renderDigest(this.reports.digest(actor, date, f), f, date)) text += part;
    return text;
  }

  @Mutation(() => HostReportImport, {
    description:
      'HOME: imports a feed file given as a string (TEXT) or base64 (BASE64), up to the feed\'s maxBytes and the server\'s request body limit. ' +
      'An all-or-nothing feed with any bad row fails with BAD_USER_INPUT listing the problems; extensions.importId names the record.',
  })
  @RequireRoles('ADMIN', 'ANALYST')
  async importHostReports(
    @CurrentActor() actor: Actor,
    @Args('feed') feed: string,
    @Args('content') content: string,
    @Args('encoding', { type: () => ImportEncodingEnum, nullable: true }) encoding?: 'TEXT' | 'BASE64',
    @Args('fileName', { nullable: true }) fileName?: string,
  ): Promise<HostReportImport> {
    return HostReportMapper.toImport(await this.importer.import(actor, feed, contentSource(content, encoding ?? 'TEXT', fileName?.slice(0, 200) ?? null)));
  }

  @Mutation(() => HostReportImport, { description: "HOME: downloads the feed's url now and imports it (as a scheduled pull would); fails like importHostReports, a failed download included." })
  @RequireRoles('ADMIN', 'ANALYST')
  async pullHostReportFeed(@CurrentActor() actor: Actor, @Args('feed') feed: string): Promise<HostReportImport> {
    return HostReportMapper.toImport(await this.puller.pull(actor, feed));
  }

  @Query(() => HostReportImport, { description: 'HOME: one import with its first rejected rows.' })
  @RequireRoles('ADMIN', 'ANALYST')
  async hostReportImport(@CurrentActor() actor: Actor, @Args('id', { type: () => ID }) id: string, @Args('rejectedRows', { type: () => Int, nullable: true }) rejectedRows?: number): Promise<HostReportImport> {
    const { record, rejects } = await this.reports.importRecord(actor, id, rejectedRows ?? 100);
    return HostReportMapper.toImport(record, rejects);
  }

  @Mutation(() => Int, { description: 'HOME: routes reports of the UNROUTED queue that registered networks now cover; returns how many.' })
  @RequireRoles('ADMIN')
  async routeUnroutedHostReports(@CurrentActor() actor: Actor): Promise<number> {
    return this.reports.reroute(actor);
  }
}
