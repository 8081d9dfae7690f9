import { ArgsType, Field, ID, InputType, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ConnectionType, PageArgs } from '../../common/graphql/pagination';
import type { TlpLevel } from '../../policy';
import { TlpLevelEnum } from '../../stix/graphql/stix.types';
import { INCIDENT_CATEGORIES, INCIDENT_SEVERITIES, INCIDENT_SOURCES, INCIDENT_STATUSES, INCIDENT_SUBCATEGORIES } from '../incident.model';
import type { IncidentCategory, IncidentSeverity, IncidentSource, IncidentStatus, IncidentSubcategory } from '../incident.model';

const asEnum = <T extends string>(values: readonly T[]) => Object.fromEntries(values.map((v) => [v, v])) as Record<T, T>;
export const IncidentCategoryEnum = asEnum(INCIDENT_CATEGORIES);
export const IncidentSubcategoryEnum = asEnum(INCIDENT_SUBCATEGORIES);
export const IncidentSeverityEnum = asEnum(INCIDENT_SEVERITIES);
export const IncidentSourceEnum = asEnum(INCIDENT_SOURCES);
export const IncidentStatusEnum = asEnum(INCIDENT_STATUSES);
registerEnumType(IncidentCategoryEnum, { name: 'IncidentCategory', description: 'HKCERT’s three categories: VIRUS, SECURITY, OTHER.' });
registerEnumType(IncidentSubcategoryEnum, { name: 'IncidentSubcategory' });
registerEnumType(IncidentSeverityEnum, { name: 'IncidentSeverity' });
registerEnumType(IncidentSourceEnum, { name: 'IncidentSource', description: 'REPORTED by a person or partner, or PROACTIVE discovery.' });
registerEnumType(IncidentStatusEnum, { name: 'IncidentStatus', description: 'REPORTED → TRIAGED → IN_PROGRESS → RESOLVED → CLOSED; reopen from RESOLVED/CLOSED; REJECTED from REPORTED/TRIAGED.' });

@ObjectType()
export class Audience {
  @Field(() => [String], { description: 'Partner short names.' }) partners!: string[];
  @Field(() => [String]) groups!: string[];
}

@ObjectType()
export class IncidentTransitionRecord {
  @Field(() => IncidentStatusEnum) from!: IncidentStatus;
  @Field(() => IncidentStatusEnum) to!: IncidentStatus;
  @Field() at!: Date;
  @Field({ description: 'The API client that made the change.' }) by!: string;
}

@ObjectType({ description: 'An incident as this viewer may see it (reporter and affected organisation only for those allowed).' })
export class Incident {
  @Field(() => ID) id!: string;
  @Field({ description: '<HOME>-<year>-<sequence>, e.g. HKCERT-2026-00042.' }) reference!: string;
  @Field() title!: string;
  @Field(() => String, { nullable: true }) description!: string | null;
  @Field(() => IncidentCategoryEnum) category!: IncidentCategory;
  @Field(() => IncidentSubcategoryEnum) subcategory!: IncidentSubcategory;
  @Field(() => IncidentSeverityEnum) severity!: IncidentSeverity;
  @Field(() => IncidentSourceEnum) source!: IncidentSource;
  @Field(() => String, { nullable: true, description: 'Sensitive: null unless you may see it.' }) reporter!: string | null;
  @Field(() => String, { nullable: true, description: 'Sensitive: null unless you may see it.' }) affectedOrganisation!: string | null;
  @Field(() => IncidentStatusEnum) status!: IncidentStatus;
  @Field(() => [IncidentStatusEnum], { description: 'Where transitionIncident may take it next.' }) allowedTransitions!: IncidentStatus[];
  @Field(() => String, { nullable: true }) assignee!: string | null;
  @Field(() => [String], { description: 'Linked STIX object ids.' }) linkedObjectIds!: string[];
  @Field({ description: 'The STIX 2.1 incident mirroring this one.' }) stixId!: string;
  @Field(() => TlpLevelEnum, { nullable: true, description: 'Null: the exchange default applies.' }) tlp!: TlpLevel | null;
  @Field(() => Audience, { nullable: true, description: 'Shown to the owner and HOME only.' }) audience!: Audience | null;
  @Field({ description: 'A drill: never counted in statistics.' }) exercise!: boolean;
  @Field() reportedAt!: Date;
  @Field(() => Date, { nullable: true }) triagedAt!: Date | null;
  @Field(() => Date, { nullable: true }) inProgressAt!: Date | null;
  @Field(() => Date, { nullable: true }) resolvedAt!: Date | null;
  @Field(() => Date, { nullable: true }) closedAt!: Date | null;
  @Field(() => Date, { nullable: true }) rejectedAt!: Date | null;
  @Field(() => Date, { nullable: true }) reopenedAt!: Date | null;
  @Field() updatedAt!: Date;
  @Field(() => [IncidentTransitionRecord]) transitions!: IncidentTransitionRecord[];
}

export const IncidentConnection = ConnectionType(Incident, 'Incident');

@InputType({ description: 'Sharing: set an audience to name exactly who sees it, whatever the marking.' })
export class SharingFields {
  @Field(() => TlpLevelEnum, { nullable: true }) tlp?: TlpLevel | null;
  @Field(() => [String], { nullable: true, description: 'Partner short names.' }) audiencePartners?: string[] | null;
  @Field(() => [String], { nullable: true }) audienceGroups?: string[] | null;
}

@InputType()
export class CreateIncidentInput extends SharingFields {
  @Field() title!: string;
  @Field(() => String, { nullable: true }) description?: string | null;
  @Field(() => IncidentCategoryEnum) category!: IncidentCategory;
  @Field(() => IncidentSubcategoryEnum) subcategory!: IncidentSubcategory;
  @Field(() => IncidentSeverityEnum) severity!: IncidentSeverity;
  @Field(() => IncidentSourceEnum) source!: IncidentSource;
  @Field(() => String, { nullable: true }) reporter?: string | null;
  @Field(() => String, { nullable: true }) affectedOrganisation?: string | null;
  @Field(() => String, { nullable: true }) assignee?: string | null;
  @Field(() => Boolean, { nullable: true, description: 'A drill (default false).' }) exercise?: boolean | null;
}

@InputType({ description: 'Only the fields given change; null clears an optional field.' })
export class UpdateIncidentInput extends SharingFields {
  @Field(() => String, { nullable: true }) title?: string | null;
  @Field(() => String, { nullable: true }) description?: string | null;
  @Field(() => IncidentCategoryEnum, { nullable: true }) category?: IncidentCategory | null;
  @Field(() => IncidentSubcategoryEnum, { nullable: true }) subcategory?: IncidentSubcategory | null;
  @Field(() => IncidentSeverityEnum, { nullable: true }) severity?: IncidentSeverity | null;
  @Field(() => String, { nullable: true }) reporter?: string | null;
  @Field(() => String, { nullable: true }) affectedOrganisation?: string | null;
  @Field(() => String, { nullable: true }) assignee?: string | null;
}

@InputType()
export class IncidentFilterInput {
  @Field(() => IncidentStatusEnum, { nullable: true }) status?: IncidentStatus | null;
  @Field(() => IncidentCategoryEnum, { nullable: true }) category?: IncidentCategory | null;
  @Field(() => IncidentSubcategoryEnum, { nullable: true }) subcategory?: IncidentSubcategory | null;
  @Field(() => IncidentSourceEnum, { nullable: true }) source?: IncidentSource | null;
  @Field(() => Date, { nullable: true, description: 'Reported at or after.' }) from?: Date | null;
  @Field(() => Date, { nullable: true, description: 'Reported before.' }) to?: Date | null;
  @Field(() => Boolean, { nullable: true }) exercise?: boolean | null;
  @Field(() => String, { nullable: true }) assignee?: string | null;
}

@ArgsType()
export class IncidentsArgs extends PageArgs {
  @Field(() => IncidentFilterInput, { nullable: true }) filter?: IncidentFilterInput | null;
}
