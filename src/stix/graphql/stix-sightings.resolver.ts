import DataLoader from 'dataloader';
import { Args, Context, Mutation, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import type { Actor } from '../../auth/actor';
import { CurrentActor } from '../../auth/current-actor.decorator';
import { RequireRoles } from '../../auth/roles.guard';
import { StixQueryService } from '../store/stix-query.service';
import { StixSightingsService } from '../store/stix-sightings.service';
import { StixMapper } from './stix.mapper';
import { ReportSightingInput, SightingTotals, StixObject } from './stix.types';

const NONE: SightingTotals = { sightings: 0, count: 0, firstSeen: null, lastSeen: null };

@Resolver(() => StixObject)
export class StixSightingsResolver {
  /** One loader per GraphQL request (keyed by its context): a page of 100 objects asks once, not 100 times. */
  private readonly loaders = new WeakMap<object, DataLoader<string, SightingTotals>>();

  constructor(
    private readonly sightings: StixSightingsService,
    private readonly queries: StixQueryService,
  ) {}

  @Mutation(() => StixObject, { description: 'ANALYST or SYNC: report that you saw an object (a honeypot hit, a sensor alert): stored as your STIX sighting.' })
  @RequireRoles('ANALYST', 'SYNC')
  async reportSighting(@Args('input') input: ReportSightingInput, @CurrentActor() actor: Actor): Promise<StixObject> {
    return StixMapper.toStixObject(await this.sightings.report(actor, input));
  }

  @ResolveField(() => SightingTotals, { description: 'The sightings of this object that you may see, added up.' })
  sightingTotals(@Parent() object: StixObject, @CurrentActor() actor: Actor, @Context() context: object): Promise<SightingTotals> {
    let loader = this.loaders.get(context);
    if (!loader) {
      // Batching without memoising: a subscription's context lives as long as its connection, and totals change.
      loader = new DataLoader(
        async (ids) => {
          const totals = await this.queries.sightingTotals(actor, ids);
          return ids.map((id) => totals.get(id) ?? NONE);
        },
        { cache: false },
      );
      this.loaders.set(context, loader);
    }
    return loader.load(object.id);
  }
}
