import { Args, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { Actor } from '../../auth/actor';
import { CurrentActor } from '../../auth/current-actor.decorator';
import { RequireRoles } from '../../auth/roles.guard';
import { HostNetworksService } from '../host-networks.service';
import { HostReportFeedsService } from '../host-report-feeds.service';
import { HostReportFeedInput } from './host-report.inputs';
import { HostReportMapper } from './host-report.mapper';
import { AddHostNetworksResult, HostNetwork, HostNetworkConnection, HostReportFeed } from './host-report.types';

@Resolver()
export class HostNetworksResolver {
  constructor(
    private readonly networks: HostNetworksService,
    private readonly feeds: HostReportFeedsService,
  ) {}

  @Query(() => HostNetworkConnection, { description: 'Registered networks: HOME sees all (or one partner\'s), an owner its own.' })
  async hostNetworks(
    @CurrentActor() actor: Actor,
    @Args('partner', { nullable: true }) partner?: string,
    @Args('first', { type: () => Int, nullable: true }) first?: number,
    @Args('after', { nullable: true }) after?: string,
  ) {
    const page = await this.networks.list(actor, partner, first, after);
    return { ...page, edges: page.edges.map((e) => ({ cursor: e.cursor, node: HostReportMapper.toNetwork(e.node) })) };
  }

  @Mutation(() => AddHostNetworksResult, { description: 'ADMIN: registers prefixes (198.51.100.0/24, 2001:db8::/32) and AS numbers (AS4760) for a partner, all or nothing.' })
  @RequireRoles('ADMIN')
  async addHostNetworks(@CurrentActor() actor: Actor, @Args('partner') partner: string, @Args('networks', { type: () => [String] }) networks: string[]): Promise<AddHostNetworksResult> {
    return this.networks.add(actor, partner, networks);
  }

  @Mutation(() => HostNetwork, { description: 'ADMIN: removes a network; reports already routed keep their owner.' })
  @RequireRoles('ADMIN')
  async removeHostNetwork(@CurrentActor() actor: Actor, @Args('id', { type: () => ID }) id: string): Promise<HostNetwork> {
    return HostReportMapper.toNetwork(await this.networks.remove(actor, id));
  }

  @Query(() => [HostReportFeed], { description: 'ADMIN: the feeds host reports are imported from.' })
  @RequireRoles('ADMIN')
  async hostReportFeeds(@CurrentActor() actor: Actor): Promise<HostReportFeed[]> {
    return (await this.feeds.list(actor)).map(HostReportMapper.toFeed);
  }

  @Mutation(() => HostReportFeed, { description: 'ADMIN: defines a feed (replace: true updates the feed of that name).' })
  @RequireRoles('ADMIN')
  async saveHostReportFeed(@CurrentActor() actor: Actor, @Args('input') input: HostReportFeedInput, @Args('replace', { nullable: true }) replace?: boolean): Promise<HostReportFeed> {
    return HostReportMapper.toFeed(await this.feeds.save(actor, input, replace ?? false));
  }
}
