import { Args, Int, Query, Resolver } from '@nestjs/graphql';
import type { Actor } from '../../auth/actor';
import { CurrentActor } from '../../auth/current-actor.decorator';
import { IncidentStatisticsService } from '../incident-statistics.service';
import { SharingStatisticsService } from '../sharing-statistics.service';
import { IncidentStatistics, PartnerSharing } from './statistics.types';

@Resolver()
export class StatisticsResolver {
  constructor(
    private readonly statistics: IncidentStatisticsService,
    private readonly sharing: SharingStatisticsService,
  ) {}

  @Query(() => [PartnerSharing], {
    description:
      'HOME only: per partner (HOME excluded) and UTC month, STIX object versions shared (stored by others and available to the partner under the sharing policy as it stands today) and received (accepted from the partner, by channel). See docs/incidents-and-cases.md.',
  })
  sharingStatistics(
    @Args('from', { description: 'First month, YYYY-MM (UTC).' }) from: string,
    @Args('to', { description: 'Last month, YYYY-MM (UTC), included; at most 120 months after from.' }) to: string,
    @CurrentActor() actor: Actor,
  ): Promise<PartnerSharing[]> {
    return this.sharing.forMonths(actor, from, to);
  }

  @Query(() => IncidentStatistics, { description: 'Counts per month × category (and subcategory, and source) of one year.' })
  async incidentStatistics(
    @Args('year', { type: () => Int }) year: number,
    @CurrentActor() actor: Actor,
    @Args('exercise', { type: () => Boolean, defaultValue: false, description: 'true: drills only; false (default): real incidents only.' }) exercise: boolean,
  ): Promise<IncidentStatistics> {
    const f = await this.statistics.forYear(actor, year, exercise);
    return {
      year: f.year, exercise: f.exercise, total: f.total, advisories: f.advisories, cells: f.cells,
      byCategory: f.byCategory.map((c) => ({ category: c.key, count: c.count })),
      bySubcategory: f.bySubcategory.map((c) => ({ subcategory: c.key, count: c.count })),
      bySource: f.bySource.map((c) => ({ source: c.key, count: c.count })),
      months: f.months.map((mo) => ({ month: mo.month, total: mo.total, byCategory: mo.byCategory.map((c) => ({ category: c.key, count: c.count })) })),
    };
  }
}
