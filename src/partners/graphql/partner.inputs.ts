import { Field, InputType } from '@nestjs/graphql';
import type { PartnerKind, Role, TrustLevel } from '../../auth/actor';
import { JsonScalar } from '../../common/graphql/json.scalar';
import { PartnerKindEnum, RoleEnum, TrustLevelEnum } from './partner.types';

@InputType()
export class CreatePartnerInput {
  @Field() name!: string;
  @Field({ description: 'e.g. JPCERT/CC; unique, case-insensitive.' }) shortName!: string;
  @Field(() => PartnerKindEnum) kind!: PartnerKind;
  @Field(() => TrustLevelEnum) trust!: TrustLevel;
  @Field(() => [String], { nullable: true }) groups?: string[];
  @Field(() => String, { nullable: true, description: 'ISO 3166 two-letter code.' }) country?: string | null;
}

@InputType()
export class UpdatePartnerInput {
  @Field() shortName!: string;
  @Field({ nullable: true, description: 'A new short name.' }) newShortName?: string;
  @Field({ nullable: true }) name?: string;
  @Field(() => TrustLevelEnum, { nullable: true }) trust?: TrustLevel;
  @Field(() => [String], { nullable: true, description: 'Replaces the partner\'s groups.' }) groups?: string[];
  @Field(() => String, { nullable: true }) country?: string | null;
}

@InputType()
export class CreateClientInput {
  @Field() partnerShortName!: string;
  @Field(() => [RoleEnum]) roles!: Role[];
  @Field({ nullable: true }) label?: string;
  @Field(() => JsonScalar, { nullable: true, description: 'JWKS of public keys for private_key_jwt.' }) jwks?: { keys: Record<string, unknown>[] };
  @Field({ nullable: true, description: 'Issue no secret: the client authenticates with its keys only.' }) keyOnly?: boolean;
}
