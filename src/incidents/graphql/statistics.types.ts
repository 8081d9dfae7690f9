import { Field, Int, ObjectType } from '@nestjs/graphql';
import type { IncidentCategory, IncidentSource, IncidentSubcategory } from '../incident.model';
import { IncidentCategoryEnum, IncidentSourceEnum, IncidentSubcategoryEnum } from './incident.types';

@ObjectType()
export class CategoryCount {
  @Field(() => IncidentCategoryEnum) category!: IncidentCategory;
  @Field(() => Int) count!: number;
}

@ObjectType()
export class SubcategoryCount {
  @Field(() => IncidentSubcategoryEnum) subcategory!: IncidentSubcategory;
  @Field(() => Int) count!: number;
}

@ObjectType()
export class SourceCount {
  @Field(() => IncidentSourceEnum) source!: IncidentSource;
  @Field(() => Int) count!: number;
}

@ObjectType()
export class MonthCount {
  @Field(() => Int, { description: '1 = January (UTC).' }) month!: number;
  @Field(() => Int) total!: number;
  @Field(() => [CategoryCount]) byCategory!: CategoryCount[];
}

@ObjectType({ description: 'Incidents of one UTC month with one category, subcategory and source.' })
export class StatisticsCellType {
  @Field(() => Int) month!: number;
  @Field(() => IncidentCategoryEnum) category!: IncidentCategory;
  @Field(() => IncidentSubcategoryEnum) subcategory!: IncidentSubcategory;
  @Field(() => IncidentSourceEnum) source!: IncidentSource;
  @Field(() => Int) count!: number;
}

@ObjectType({ description: 'The annual figures over the incidents you may see (HOME: all). Drills are never mixed with real incidents.' })
export class IncidentStatistics {
  @Field(() => Int) year!: number;
  @Field() exercise!: boolean;
  @Field(() => Int) total!: number;
  @Field(() => [CategoryCount]) byCategory!: CategoryCount[];
  @Field(() => [SubcategoryCount]) bySubcategory!: SubcategoryCount[];
  @Field(() => [SourceCount]) bySource!: SourceCount[];
  @Field(() => [MonthCount], { description: 'Twelve months, January first, zeros included.' }) months!: MonthCount[];
  @Field(() => [StatisticsCellType], { description: 'Non-empty month × category × subcategory × source groups.' }) cells!: StatisticsCellType[];
  @Field(() => Int, { description: 'Advisories published that year that you may see (0 for drills).' }) advisories!: number;
}

@ObjectType()
export class ChannelCount {
  @Field({ description: 'graphql, taxii, sync or cli.' }) channel!: string;
  @Field(() => Int) count!: number;
}

@ObjectType()
export class PartnerSharingMonth {
  @Field({ description: 'YYYY-MM, a UTC month.' }) month!: string;
  @Field(() => Int, { description: 'STIX object versions stored that month by others that the sharing policy makes available to this partner, judged by its trust, groups and status today. Availability, not delivery: not every read is recorded.' })
  shared!: number;
  @Field(() => Int, { description: 'STIX object versions the store accepted from this partner that month (duplicates are not stored).' }) received!: number;
  @Field(() => [ChannelCount], { description: 'received, by the channel it came through.' }) receivedByChannel!: ChannelCount[];
}

@ObjectType()
export class PartnerSharing {
  @Field({ description: 'The partner\'s short name.' }) partner!: string;
  @Field(() => [PartnerSharingMonth], { description: 'Every month asked for, oldest first, zeros included.' }) months!: PartnerSharingMonth[];
}
