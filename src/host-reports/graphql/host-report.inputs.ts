import { Field, Float, InputType } from '@nestjs/graphql';
import { JsonScalar } from '../../common/graphql/json.scalar';
import type { ReportStatus } from '../host-report.rows';
import type { FeedFormat } from '../parsing/feed-config';
import { HostReportFeedFormatEnum, HostReportStatusEnum } from './host-report.types';

@InputType()
export class HostReportFilterInput {
  @Field({ nullable: true }) threat?: string;
  @Field(() => Date, { nullable: true, description: 'Last seen at or after.' }) from?: Date;
  @Field(() => Date, { nullable: true, description: 'First seen before.' }) to?: Date;
  @Field(() => HostReportStatusEnum, { nullable: true }) status?: ReportStatus;
  @Field({ nullable: true, description: 'Addresses inside this CIDR prefix.' }) prefix?: string;
  @Field({ nullable: true, description: 'HOME: true for the UNROUTED queue only, false for routed reports only.' }) unrouted?: boolean;
  @Field({ nullable: true, description: 'HOME: one owner, by short name.' }) owner?: string;
}

@InputType()
export class HostReportFeedInput {
  @Field({ description: 'Unique, case-insensitive, e.g. shadowserver-drone.' }) name!: string;
  @Field(() => HostReportFeedFormatEnum) format!: FeedFormat;
  @Field(() => JsonScalar, { description: 'See docs/host-reports.md: {columns: {ip: "src_ip", timestamp: "time", threat: "infection", …}, header, delimiter, defaultThreat, unknownThreats}' })
  mapping!: unknown;
  @Field(() => JsonScalar, { nullable: true, description: 'Feed threat name → our threat name.' }) threatMap?: unknown;
  @Field({ nullable: true, description: 'Store good rows when some are bad (default false: all or nothing).' }) partial?: boolean;
  @Field(() => Float, { nullable: true, description: 'Largest file accepted, in bytes.' }) maxBytes?: number | null;
  @Field(() => String, { nullable: true, description: 'Pull the feed from this http or https URL.' }) url?: string | null;
  @Field(() => String, { nullable: true, description: 'Cron (five fields, UTC), e.g. "0 * * * *": pull on this schedule (needs url).' }) schedule?: string | null;
  @Field(() => String, { nullable: true, description: 'A header to send with each pull, e.g. Authorization (needs authEnv).' }) authHeader?: string | null;
  @Field(() => String, { nullable: true, description: 'The environment variable of the server holding that header\'s value (never stored).' }) authEnv?: string | null;
}
