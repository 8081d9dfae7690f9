import { Field, Float, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { JsonScalar } from '../../common/graphql/json.scalar';
import { ConnectionType } from '../../common/graphql/pagination';
import { IMPORT_STATUSES, REPORT_STATUSES, type ImportStatus, type ReportStatus } from '../host-report.rows';
import { FEED_FORMATS, type FeedFormat } from '../parsing/feed-config';

const asEnum = <T extends string>(values: readonly T[]) => Object.fromEntries(values.map((v) => [v, v])) as Record<T, T>;

export const HostReportStatusEnum = asEnum(REPORT_STATUSES);
export const HostReportImportStatusEnum = asEnum(IMPORT_STATUSES);
export const HostReportFeedFormatEnum = asEnum(FEED_FORMATS);
export const HostReportRoutingEnum = asEnum(['PREFIX', 'ASN'] as const);
export const ImportEncodingEnum = asEnum(['TEXT', 'BASE64'] as const);
export const DigestFormatEnum = asEnum(['CSV', 'JSON'] as const);

registerEnumType(HostReportStatusEnum, { name: 'HostReportStatus', description: 'NEW until the owner acts: NOTIFIED (customer told), REMEDIATED, FALSE_POSITIVE.' });
registerEnumType(HostReportImportStatusEnum, { name: 'HostReportImportStatus', description: 'PARTIAL: a partial feed stored its good rows and kept the bad ones; FAILED: nothing stored.' });
registerEnumType(HostReportFeedFormatEnum, { name: 'HostReportFeedFormat', description: 'CSV (a column mapping), JSONL (one object per line) or STIX (one bundle: observed-data and sightings carrying IP addresses).' });
registerEnumType(HostReportRoutingEnum, { name: 'HostReportRouting', description: 'How the owner was found: longest matching PREFIX, else the AS number (ASN).' });
registerEnumType(ImportEncodingEnum, { name: 'ImportEncoding', description: 'TEXT: the file as a string; BASE64: its bytes, so their encoding is checked.' });
registerEnumType(DigestFormatEnum, { name: 'DigestFormat' });

@ObjectType({ description: 'A prefix or AS number a partner answers for.' })
export class HostNetwork {
  @Field(() => ID) id!: string;
  @Field() partnerShortName!: string;
  @Field(() => String, { nullable: true, description: 'CIDR, e.g. 198.51.100.0/24.' }) prefix!: string | null;
  @Field(() => Float, { nullable: true }) asn!: number | null;
  @Field(() => Date) createdAt!: Date;
}

@ObjectType({ description: 'What registering networks did.' })
export class AddHostNetworksResult {
  @Field(() => Int) added!: number;
  @Field(() => Int, { description: 'Entries the partner already had.' }) alreadyRegistered!: number;
  @Field(() => Int, { description: 'Reports of the UNROUTED queue the new networks now cover.' }) rerouted!: number;
}

@ObjectType({ description: 'A named source of compromised-host reports and how to read it.' })
export class HostReportFeed {
  @Field(() => ID) id!: string;
  @Field() name!: string;
  @Field(() => HostReportFeedFormatEnum) format!: FeedFormat;
  @Field(() => JsonScalar, { description: '{columns: {ip, timestamp, threat, port, asn, hostname, url}, header, delimiter, defaultThreat, unknownThreats}' }) mapping!: unknown;
  @Field(() => JsonScalar, { description: 'Feed threat name → our threat name.' }) threatMap!: unknown;
  @Field({ description: 'Store good rows when some are bad (default: all or nothing).' }) partial!: boolean;
  @Field(() => Float, { nullable: true, description: 'Largest file accepted, in bytes.' }) maxBytes!: number | null;
  @Field(() => String, { nullable: true, description: 'Pulled from this http(s) URL by pullHostReportFeed and on the schedule.' }) url!: string | null;
  @Field(() => String, { nullable: true, description: 'Cron (five fields, UTC) of scheduled pulls.' }) schedule!: string | null;
  @Field(() => String, { nullable: true, description: 'A header sent with each pull (e.g. Authorization)…' }) authHeader!: string | null;
  @Field(() => String, { nullable: true, description: '…whose value the server reads from this environment variable at each pull.' }) authEnv!: string | null;
  @Field(() => Date) createdAt!: Date;
  @Field(() => Date) updatedAt!: Date;
}

@ObjectType()
export class HostReportImportProblem {
  @Field(() => Float, { description: 'Line of the file (0: the file as a whole).' }) line!: number;
  @Field() message!: string;
}

@ObjectType()
export class HostReportRejectedRow {
  @Field(() => Float) line!: number;
  @Field() reason!: string;
  @Field({ description: 'The row as read, at most 1,000 characters.' }) raw!: string;
}

@ObjectType({ description: 'One import of a feed file and what came of it.' })
export class HostReportImport {
  @Field(() => ID) id!: string;
  @Field() feed!: string;
  @Field(() => HostReportImportStatusEnum) status!: ImportStatus;
  @Field(() => String, { nullable: true }) fileName!: string | null;
  @Field(() => Float) bytes!: number;
  @Field(() => Float, { description: 'Data rows read (accepted + rejected).' }) rowsRead!: number;
  @Field(() => Float, { description: 'Rows stored.' }) accepted!: number;
  @Field(() => Float, { description: 'Stored rows that merged into an existing report (same address, threat and day).' }) duplicates!: number;
  @Field(() => Float, { description: 'Stored rows no registered network covers.' }) unrouted!: number;
  @Field(() => Float) rejected!: number;
  @Field(() => [HostReportImportProblem], { description: 'The first 100 problems.' }) problems!: HostReportImportProblem[];
  @Field(() => [HostReportRejectedRow], { nullable: true, description: 'Rejected rows (hostReportImport only).' }) rejectedRows?: HostReportRejectedRow[];
  @Field(() => Date) startedAt!: Date;
  @Field(() => Date, { nullable: true }) finishedAt!: Date | null;
}

@ObjectType({ description: 'A compromised host: one address, one threat, one UTC day, from any number of feeds.' })
export class HostReport {
  @Field(() => ID) id!: string;
  @Field() ip!: string;
  @Field() threat!: string;
  @Field({ description: 'UTC day, YYYY-MM-DD.' }) day!: string;
  @Field(() => Date) firstSeen!: Date;
  @Field(() => Date) lastSeen!: Date;
  @Field(() => Float, { description: 'Sightings merged into this report.' }) count!: number;
  @Field(() => [String], { description: 'Feeds that reported it.' }) sources!: string[];
  @Field(() => Int, { nullable: true }) port!: number | null;
  @Field(() => Float, { nullable: true }) asn!: number | null;
  @Field(() => String, { nullable: true }) hostname!: string | null;
  @Field(() => String, { nullable: true }) url!: string | null;
  @Field(() => String, { nullable: true, description: 'Short name of the owner; null: UNROUTED.' }) owner!: string | null;
  @Field(() => HostReportRoutingEnum, { nullable: true }) routedBy!: 'PREFIX' | 'ASN' | null;
  @Field(() => HostReportStatusEnum) status!: ReportStatus;
  @Field(() => Date, { nullable: true }) statusChangedAt!: Date | null;
  @Field(() => Date, { nullable: true }) remediatedAt!: Date | null;
  @Field(() => Date, { description: 'When the exchange first received it.' }) createdAt!: Date;
}

export const HostReportConnection = ConnectionType(HostReport, 'HostReport');
export const HostNetworkConnection = ConnectionType(HostNetwork, 'HostNetwork');

@ObjectType({ description: 'Figures for one owner, threat or day (or all).' })
export class HostReportFigures {
  @Field(() => String, { nullable: true, description: 'Owner short name ("" = UNROUTED), threat, or day; null for the total.' }) key!: string | null;
  @Field(() => Int, { description: 'Distinct compromised addresses.' }) hosts!: number;
  @Field(() => Int) reports!: number;
  @Field(() => Int) remediated!: number;
  @Field(() => Int) falsePositives!: number;
  @Field(() => Int) unrouted!: number;
  @Field(() => Float, { nullable: true, description: 'remediated / (reports − falsePositives); null when that is 0.' }) remediationRate!: number | null;
  @Field(() => Float, { nullable: true, description: 'Median hours from receipt to REMEDIATED.' }) medianHoursToRemediate!: number | null;
}

@ObjectType({ description: 'Compromised hosts in a range of UTC days, over the reports the caller may see.' })
export class HostReportStatistics {
  @Field() from!: string;
  @Field() to!: string;
  @Field(() => HostReportFigures) total!: HostReportFigures;
  @Field(() => [HostReportFigures]) byOwner!: HostReportFigures[];
  @Field(() => [HostReportFigures]) byThreat!: HostReportFigures[];
  @Field(() => [HostReportFigures]) byDay!: HostReportFigures[];
}
