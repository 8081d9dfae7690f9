import { ArgsType, Field, Float, InputType, ObjectType } from '@nestjs/graphql';
import { ConnectionType, PageArgs } from '../../common/graphql/pagination';
import { JsonScalar } from '../../common/graphql/json.scalar';

@ObjectType({ description: 'One event of the tamper-evident audit trail.' })
export class AuditEventNode {
  @Field(() => Float, { description: 'Position in the hash chain, from 1, without gaps.' }) sequence!: number;
  @Field({ description: 'ISO 8601 UTC with microseconds.' }) time!: string;
  @Field(() => String, { nullable: true }) actorClientId!: string | null;
  @Field(() => String, { nullable: true }) partnerId!: string | null;
  @Field() action!: string;
  @Field() channel!: string;
  @Field(() => String, { nullable: true }) requestId!: string | null;
  @Field(() => String, { nullable: true }) sourceAddress!: string | null;
  @Field() outcome!: string;
  @Field(() => [String]) targetIds!: string[];
  @Field(() => JsonScalar, { description: 'Before/after for admin changes, a stated purpose for police pulls. Never secrets.' }) details!: unknown;
  @Field() prevHash!: string;
  @Field() hash!: string;
}

export const AuditEventConnection = ConnectionType(AuditEventNode, 'AuditEvent');

@InputType()
export class AuditEventFilter {
  @Field({ nullable: true, description: 'Client id of the actor.' }) actor?: string;
  @Field({ nullable: true, description: 'Partner id of the actor.' }) partner?: string;
  @Field({ nullable: true, description: 'e.g. stix.submit, case.pull, partner.set-trust.' }) action?: string;
  @Field({ nullable: true, description: 'An id the event\'s targets include.' }) target?: string;
  @Field(() => Date, { nullable: true, description: 'Inclusive.' }) from?: Date;
  @Field(() => Date, { nullable: true, description: 'Exclusive.' }) to?: Date;
  @Field({ nullable: true, description: 'ok, denied or error.' }) outcome?: string;
}

@ArgsType()
export class AuditEventsArgs extends PageArgs {
  @Field(() => AuditEventFilter, { nullable: true }) filter?: AuditEventFilter;
}

@ObjectType({ description: 'The result of walking the whole chain and its anchors.' })
export class AuditVerification {
  @Field() ok!: boolean;
  @Field(() => Float, { nullable: true, description: 'Events verified (when intact).' }) count!: number | null;
  @Field(() => Float, { nullable: true }) headSequence!: number | null;
  @Field(() => String, { nullable: true }) headHash!: string | null;
  @Field(() => Float, { nullable: true, description: 'The first broken link (when not intact).' }) brokenAt!: number | null;
  @Field(() => String, { nullable: true, description: 'hash mismatch, sequence gap, prev_hash mismatch, anchor mismatch or truncated after anchor.' }) reason!: string | null;
  @Field(() => String, { nullable: true }) expected!: string | null;
  @Field(() => String, { nullable: true }) actual!: string | null;
}
