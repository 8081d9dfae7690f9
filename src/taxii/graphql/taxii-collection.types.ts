import { Field, ID, InputType, ObjectType } from '@nestjs/graphql';
import type { PartnerKind } from '../../auth/actor';
import { PartnerKindEnum } from '../../partners/graphql/partner.types';
import { TlpLevelEnum } from '../../stix/graphql/stix.types';
import type { TlpLevel } from '../../stix/tlp.constants';

@ObjectType({ description: 'ADMIN: a TAXII collection, a named view of the store. It only narrows: partners still receive only what the sharing policy allows.' })
export class TaxiiCollectionDefinition {
  @Field(() => ID, { description: 'The TAXII collection id (a UUID), part of its URLs.' }) id!: string;
  @Field({ description: 'Short stable name (TAXII `alias`).' }) alias!: string;
  @Field() title!: string;
  @Field() description!: string;
  @Field(() => [String], { nullable: true, description: 'STIX types it holds; null for every type.' }) types!: string[] | null;
  @Field(() => [TlpLevelEnum], { nullable: true, description: 'Effective markings it holds; null for every marking.' }) markings!: TlpLevel[] | null;
  @Field(() => [PartnerKindEnum], { description: 'Partner kinds that may read it.' }) readKinds!: PartnerKind[];
  @Field(() => [PartnerKindEnum], { description: 'Partner kinds that may add to it (their clients also need ANALYST or SYNC).' }) writeKinds!: PartnerKind[];
  @Field(() => TlpLevelEnum, { nullable: true, description: 'Marking given to objects posted here without one.' }) defaultMarking!: TlpLevel | null;
}

@InputType()
export class CreateTaxiiCollectionInput {
  @Field(() => ID, { nullable: true, description: 'A UUID; a random one when omitted.' }) id?: string;
  @Field() alias!: string;
  @Field() title!: string;
  @Field({ nullable: true }) description?: string;
  @Field(() => [String], { nullable: true }) types?: string[] | null;
  @Field(() => [TlpLevelEnum], { nullable: true }) markings?: TlpLevel[] | null;
  @Field(() => [PartnerKindEnum]) readKinds!: PartnerKind[];
  @Field(() => [PartnerKindEnum]) writeKinds!: PartnerKind[];
  @Field(() => TlpLevelEnum, { nullable: true }) defaultMarking?: TlpLevel | null;
}

@InputType({ description: 'Fields left out stay as they are; types, markings or defaultMarking set to null mean "any" / none.' })
export class UpdateTaxiiCollectionInput {
  @Field(() => ID) id!: string;
  @Field({ nullable: true }) alias?: string;
  @Field({ nullable: true }) title?: string;
  @Field({ nullable: true }) description?: string;
  @Field(() => [String], { nullable: true }) types?: string[] | null;
  @Field(() => [TlpLevelEnum], { nullable: true }) markings?: TlpLevel[] | null;
  @Field(() => [PartnerKindEnum], { nullable: true }) readKinds?: PartnerKind[];
  @Field(() => [PartnerKindEnum], { nullable: true }) writeKinds?: PartnerKind[];
  @Field(() => TlpLevelEnum, { nullable: true }) defaultMarking?: TlpLevel | null;
}
