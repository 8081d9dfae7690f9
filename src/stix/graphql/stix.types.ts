import { Field, Float, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ConnectionType } from '../../common/graphql/pagination';
import { JsonScalar } from '../../common/graphql/json.scalar';
import type { TlpLevel } from '../tlp.constants';

/** GraphQL enum names cannot hold '+': AMBER_STRICT stands for TLP:AMBER+STRICT. */
export const TlpLevelEnum = { CLEAR: 'CLEAR', GREEN: 'GREEN', AMBER: 'AMBER', AMBER_STRICT: 'AMBER+STRICT', RED: 'RED' } as const;
registerEnumType(TlpLevelEnum, { name: 'TlpLevel', description: 'TLP 2.0, least restrictive first; AMBER_STRICT is TLP:AMBER+STRICT.' });

@ObjectType({ description: 'One version of a STIX 2.1 object, as this viewer may see it.' })
export class StixObject {
  @Field() id!: string;
  @Field() type!: string;
  @Field() specVersion!: string;
  @Field(() => String, { nullable: true, description: 'The producer’s timestamp string; null for SCOs.' }) created!: string | null;
  @Field(() => String, { nullable: true, description: 'The producer’s timestamp string; null for SCOs.' }) modified!: string | null;
  @Field() revoked!: boolean;
  @Field(() => String, { nullable: true }) createdByRef!: string | null;
  @Field(() => [String]) labels!: string[];
  @Field(() => TlpLevelEnum, { description: 'The marking that decides who sees it (the default when unmarked).' }) tlp!: TlpLevel;
  @Field(() => Date, { description: 'When this exchange stored this version.' }) receivedAt!: Date;
  @Field(() => JsonScalar, { description: 'The STIX object (TLP markings normalised to TLP 2.0; sensitive fields removed for this viewer).' })
  object!: Record<string, unknown>;
}

export const StixObjectConnection = ConnectionType(StixObject, 'StixObject');

@ObjectType({ description: 'Why one object of a bundle was not stored.' })
export class StixRejection {
  @Field(() => Int, { nullable: true, description: 'Position in bundle.objects; null for the envelope.' }) index!: number | null;
  @Field(() => String, { nullable: true }) id!: string | null;
  @Field({ description: 'JSON path of the problem, e.g. $.objects[3].pattern.' }) path!: string;
  @Field() message!: string;
  @Field({ description: 'INVALID (not valid STIX 2.1), FORBIDDEN (not yours to write) or REVOKED.' }) code!: string;
}

@ObjectType()
export class SubmitBundleResult {
  @Field(() => Int, { description: 'Objects new to the store.' }) created!: number;
  @Field(() => Int, { description: 'New versions (newer or older) of objects already stored.' }) newVersions!: number;
  @Field(() => Int, { description: 'Versions already stored (same id and modified), and built-in TLP definitions.' }) duplicates!: number;
  @Field(() => Int) rejected!: number;
  @Field(() => [StixRejection]) rejections!: StixRejection[];
}

@InputType({ description: 'Who may see the objects. Set: only these (whatever the marking). Unset: the marking decides.' })
export class AudienceInput {
  @Field(() => [String], { nullable: true, description: 'Partner short names.' }) partners?: string[] | null;
  @Field(() => [String], { nullable: true, description: 'Sharing group names (exact).' }) groups?: string[] | null;
}

@InputType()
export class SubmitBundleInput {
  @Field(() => JsonScalar, { description: 'A STIX 2.1 bundle.' }) bundle!: unknown;
  @Field(() => TlpLevelEnum, { nullable: true, description: 'Marking for objects that carry none (else the exchange default).' })
  defaultMarking?: TlpLevel | null;
  @Field(() => AudienceInput, { nullable: true }) audience?: AudienceInput | null;
  @Field(() => Boolean, { nullable: true, description: 'Store the valid objects and report the others (default: all or nothing).' })
  partial?: boolean | null;
}

@InputType({ description: 'Every given field must match; lists match any of their values.' })
export class StixFilterInput {
  @Field(() => [String], { nullable: true }) types?: string[] | null;
  @Field(() => [String], { nullable: true, description: 'created_by_ref identity ids.' }) createdBy?: string[] | null;
  @Field(() => [String], { nullable: true }) labels?: string[] | null;
  @Field(() => [TlpLevelEnum], { nullable: true }) markings?: TlpLevel[] | null;
  @Field(() => Date, { nullable: true }) modifiedAfter?: Date | null;
  @Field(() => Date, { nullable: true, description: 'Only objects valid then: valid_from at or before it, valid_until (if any) after it (indicators).' })
  validAt?: Date | null;
  @Field(() => Boolean, { nullable: true, description: 'true: only revoked objects; default: only current ones.' }) revoked?: boolean | null;
  @Field(() => String, { nullable: true, description: 'Case-insensitive text in name or description.' }) text?: string | null;
}

@ObjectType({ description: 'What the sightings of an object that you may see add up to (sightings you may not see are not counted).' })
export class SightingTotals {
  @Field(() => Int, { description: 'Current, unrevoked sightings of the object.' }) sightings!: number;
  @Field(() => Float, { description: 'The sum of their count (a sighting without one counts once); may exceed 32 bits.' }) count!: number;
  @Field(() => Date, { nullable: true, description: 'The earliest first_seen among them.' }) firstSeen!: Date | null;
  @Field(() => Date, { nullable: true, description: 'The latest last_seen among them.' }) lastSeen!: Date | null;
}

@InputType({ description: 'A sensor, honeypot or analyst reports having seen an object (usually an indicator).' })
export class ReportSightingInput {
  @Field({ description: 'Id of the object seen (an indicator or another SDO you may see).' }) sightingOf!: string;
  @Field(() => Int, { nullable: true, description: 'How many times (0–999,999,999; default 1).' }) count?: number | null;
  @Field(() => Date, { nullable: true }) firstSeen?: Date | null;
  @Field(() => Date, { nullable: true }) lastSeen?: Date | null;
  @Field(() => [String], { nullable: true, description: 'Where: identity or location ids (default: your own identity).' }) where?: string[] | null;
  @Field(() => String, { nullable: true }) description?: string | null;
  @Field(() => TlpLevelEnum, { nullable: true, description: 'Default: the marking of the object seen; never less restrictive than it.' })
  tlp?: TlpLevel | null;
}
