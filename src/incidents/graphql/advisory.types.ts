import { ArgsType, Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { ConnectionType, PageArgs } from '../../common/graphql/pagination';
import type { TlpLevel } from '../../policy';
import { TlpLevelEnum } from '../../stix/graphql/stix.types';
import { SharingFields } from './incident.types';

@ObjectType({ description: 'A security advisory: a STIX report with one vulnerability per CVE.' })
export class Advisory {
  @Field(() => ID) id!: string;
  @Field({ description: 'The STIX report id.' }) stixId!: string;
  @Field() title!: string;
  @Field(() => [String]) cves!: string[];
  @Field() publishedAt!: Date;
  @Field(() => TlpLevelEnum) tlp!: TlpLevel;
}

export const AdvisoryConnection = ConnectionType(Advisory, 'Advisory');

@InputType()
export class AdvisoryCveInput {
  @Field({ description: 'CVE-YYYY-NNNN' }) id!: string;
  @Field(() => String, { nullable: true }) description?: string | null;
}

@InputType({ description: 'TLP:CLEAR unless a marking or audience is given.' })
export class PublishAdvisoryInput extends SharingFields {
  @Field() title!: string;
  @Field(() => String, { nullable: true }) description?: string | null;
  @Field(() => [AdvisoryCveInput]) cves!: AdvisoryCveInput[];
}

@ArgsType()
export class AdvisoriesArgs extends PageArgs {
  @Field(() => Int) year!: number;
}
