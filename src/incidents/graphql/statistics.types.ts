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
