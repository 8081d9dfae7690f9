import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { PARTNER_KINDS, ROLES, TRUST_LEVELS, type PartnerKind, type Role, type TrustLevel } from '../../auth/actor';

const asEnum = <T extends string>(values: readonly T[]) => Object.fromEntries(values.map((v) => [v, v])) as Record<T, T>;

export const TrustLevelEnum = asEnum(TRUST_LEVELS);
export const PartnerKindEnum = asEnum(PARTNER_KINDS);
export const RoleEnum = asEnum(ROLES);
export const StatusEnum = asEnum(['ACTIVE', 'SUSPENDED'] as const);

registerEnumType(TrustLevelEnum, { name: 'TrustLevel', description: 'How far a partner is trusted, lowest first: PUBLIC < COMMUNITY < TRUSTED < CLOSE.' });
registerEnumType(PartnerKindEnum, { name: 'PartnerKind', description: 'HOME is the operator of this exchange (exactly one).' });
registerEnumType(RoleEnum, { name: 'Role', description: 'What an API client may do: ADMIN (HOME only), ANALYST, LIAISON, SYNC, READER.' });
registerEnumType(StatusEnum, { name: 'Status' });

@ObjectType({ description: 'What every partner may know of another: its name and kind.' })
export class PartnerDirectoryEntry {
  @Field() name!: string;
  @Field() shortName!: string;
  @Field(() => PartnerKindEnum) kind!: PartnerKind;
  @Field(() => String, { nullable: true }) country!: string | null;
  @Field({ description: 'The STIX identity id this partner signs its objects with (created_by_ref).' }) identityRef!: string;
}

@ObjectType({ description: 'An API client, as HOME admins see it. Secrets are never shown after creation.' })
export class ApiClient {
  @Field() clientId!: string;
  @Field() label!: string;
  @Field(() => [RoleEnum]) roles!: Role[];
  @Field(() => StatusEnum) status!: 'ACTIVE' | 'SUSPENDED';
  @Field(() => [String], { description: 'Key ids of the public keys registered for private_key_jwt.' }) keyIds!: string[];
  @Field() hasSecret!: boolean;
  @Field(() => Date, { nullable: true }) previousSecretValidUntil!: Date | null;
  @Field(() => Date) createdAt!: Date;
}

@ObjectType({ description: 'A partner, as HOME admins see it.' })
export class Partner {
  @Field(() => ID) id!: string;
  @Field() name!: string;
  @Field() shortName!: string;
  @Field(() => PartnerKindEnum) kind!: PartnerKind;
  @Field(() => String, { nullable: true }) country!: string | null;
  @Field(() => TrustLevelEnum) trust!: TrustLevel;
  @Field(() => [String], { description: 'Sharing groups (e.g. APCERT, HK-CII).' }) groups!: string[];
  @Field(() => StatusEnum) status!: 'ACTIVE' | 'SUSPENDED';
  @Field() identityRef!: string;
  @Field(() => Date) createdAt!: Date;
  @Field(() => Date) updatedAt!: Date;
}

@ObjectType({ description: 'The caller: its client and its own partner.' })
export class Me {
  @Field() clientId!: string;
  @Field(() => [RoleEnum]) roles!: Role[];
  @Field() partnerShortName!: string;
  @Field(() => PartnerKindEnum) partnerKind!: PartnerKind;
  @Field(() => TrustLevelEnum) trust!: TrustLevel;
  @Field(() => [String]) groups!: string[];
  @Field() identityRef!: string;
}

@ObjectType({ description: 'A new or rotated credential. The secret is shown this once and never again.' })
export class IssuedClientCredentials {
  @Field() clientId!: string;
  @Field(() => String, { nullable: true }) clientSecret!: string | null;
  @Field(() => ApiClient) client!: ApiClient;
}
