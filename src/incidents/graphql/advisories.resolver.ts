import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { Actor } from '../../auth/actor';
import { CurrentActor } from '../../auth/current-actor.decorator';
import { RequireRoles } from '../../auth/roles.guard';
import type { Connection } from '../../common/graphql/pagination';
import { AdvisoriesService, type AdvisoryRow } from '../advisories.service';
import { AdvisoriesArgs, Advisory, AdvisoryConnection, PublishAdvisoryInput } from './advisory.types';

function toAdvisory(r: AdvisoryRow): Advisory {
  return { id: r.id, stixId: r.stixId, title: r.title, cves: r.cves, publishedAt: r.publishedAt, tlp: r.tlp ?? 'CLEAR' };
}

@Resolver()
export class AdvisoriesResolver {
  constructor(private readonly service: AdvisoriesService) {}

  @Mutation(() => Advisory, { description: 'HOME ANALYST: publish a security advisory (STIX report + vulnerabilities).' })
  @RequireRoles('ANALYST')
  async publishAdvisory(@Args('input') input: PublishAdvisoryInput, @CurrentActor() actor: Actor): Promise<Advisory> {
    return toAdvisory(await this.service.publish(actor, input));
  }

  @Query(() => AdvisoryConnection, { description: 'Advisories published in a year that you may see, newest first.' })
  async advisories(@Args() args: AdvisoriesArgs, @CurrentActor() actor: Actor): Promise<Connection<Advisory>> {
    const page = await this.service.list(actor, args.year, args.first, args.after);
    return { ...page, edges: page.edges.map((e) => ({ cursor: e.cursor, node: toAdvisory(e.node) })) };
  }
}
