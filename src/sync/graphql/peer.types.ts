import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { JsonScalar } from '../../common/graphql/json.scalar';
import { TlpLevelEnum } from '../../stix/graphql/stix.types';
import type { TlpLevel } from '../../stix/tlp.constants';
import { PEER_AUTH_METHODS, SYNC_DIRECTIONS, type PeerAuthMethod, type SyncDirection } from '../peer.types';

const asEnum = <T extends string>(values: readonly T[]) => Object.fromEntries(values.map((v) => [v, v])) as Record<T, T>;

export const SyncDirectionEnum = asEnum(SYNC_DIRECTIONS);
export const PeerAuthMethodEnum = asEnum(PEER_AUTH_METHODS);
export const SyncRunStatusEnum = asEnum(['RUNNING', 'OK', 'FAILED', 'ABORTED'] as const);
export const SyncTriggerEnum = asEnum(['SCHEDULE', 'MANUAL', 'CLI'] as const);
export const QuarantineStatusEnum = asEnum(['HELD', 'ACCEPTED', 'DISCARDED'] as const);

registerEnumType(SyncDirectionEnum, { name: 'SyncDirection', description: 'PULL: we read the peer; PUSH: we send to it; BOTH.' });
registerEnumType(PeerAuthMethodEnum, {
  name: 'PeerAuthMethod',
  description: "CLIENT_SECRET: a token from the peer's /oauth/token with a secret; PRIVATE_KEY_JWT: the same with a key pair we generate (no shared secret); BASIC: HTTP Basic on every TAXII request.",
});
registerEnumType(SyncRunStatusEnum, { name: 'SyncRunStatus', description: 'ABORTED: the process running it stopped; the next run resumes from the stored cursors.' });
registerEnumType(SyncTriggerEnum, { name: 'SyncTrigger' });
registerEnumType(QuarantineStatusEnum, { name: 'QuarantineStatus' });

@ObjectType({ description: 'A remote TAXII 2.1 server (another exchange or any other) linked to one of our partners. Credentials are never returned.' })
export class Peer {
  @Field(() => ID) id!: string;
  @Field() name!: string;
  @Field() partnerShortName!: string;
  @Field() baseUrl!: string;
  @Field({ description: 'The API root: a URL, or a path under baseUrl.' }) apiRoot!: string;
  @Field(() => [String], { description: 'Collection ids pulled from.' }) collections!: string[];
  @Field(() => String, { nullable: true, description: 'Collection id pushed to; default the first of collections.' }) pushCollection!: string | null;
  @Field(() => SyncDirectionEnum) direction!: SyncDirection;
  @Field(() => PeerAuthMethodEnum) authMethod!: PeerAuthMethod;
  @Field({ description: 'The client id the peer issued to us.' }) clientId!: string;
  @Field({ description: 'Whether a secret is stored (it is never shown).' }) hasSecret!: boolean;
  @Field(() => JsonScalar, { nullable: true, description: "PRIVATE_KEY_JWT: our public keys as a JWKS, for the peer's operator to register (setClientKeys on an exchange)." }) publicJwks!: unknown;
  @Field(() => String, { nullable: true }) tokenUrl!: string | null;
  @Field(() => String, { nullable: true, description: 'Cron, five fields, UTC; null: on demand only.' }) schedule!: string | null;
  @Field(() => Date, { nullable: true }) nextRunAt!: Date | null;
  @Field(() => Int) pageSize!: number;
  @Field(() => [String], { nullable: true, description: 'Only these STIX types are pushed; null: any.' }) egressTypes!: string[] | null;
  @Field(() => TlpLevelEnum, { nullable: true, description: 'Nothing above this marking is pushed; null: as the policy allows. TLP:RED is never pushed (RED is refused here).' }) egressMaxTlp!: TlpLevel | null;
  @Field(() => String, { nullable: true, description: "The STIX identity of the peer exchange's HOME partner: objects that originated there are never pushed back." }) remoteIdentity!: string | null;
  @Field() enabled!: boolean;
  @Field(() => Date) createdAt!: Date;
  @Field(() => Date) updatedAt!: Date;
}

@ObjectType({ description: 'One sync of a peer.' })
export class SyncRun {
  @Field(() => ID) id!: string;
  @Field(() => SyncTriggerEnum) trigger!: string;
  @Field(() => SyncRunStatusEnum) status!: string;
  @Field(() => Date) startedAt!: Date;
  @Field(() => Date, { nullable: true }) finishedAt!: Date | null;
  @Field(() => Int, { description: 'Object versions stored from the peer.' }) pulled!: number;
  @Field(() => Int, { description: 'Pulled versions we held already.' }) duplicates!: number;
  @Field(() => Int, { description: 'Pulled objects that originated here (a ring), ignored.' }) echoes!: number;
  @Field(() => Int) quarantined!: number;
  @Field(() => Int, { description: 'Versions the peer accepted.' }) pushed!: number;
  @Field(() => Int, { description: 'Versions the peer refused (its status resource says why).' }) pushFailures!: number;
  @Field(() => String, { nullable: true }) error!: string | null;
}

@ObjectType({ description: 'How a peer is doing.' })
export class PeerSyncStatus {
  @Field(() => Peer) peer!: Peer;
  @Field(() => Date, { nullable: true }) lastSuccessAt!: Date | null;
  @Field(() => Date, { nullable: true }) lastRunAt!: Date | null;
  @Field(() => SyncRunStatusEnum, { nullable: true }) lastStatus!: string | null;
  @Field(() => String, { nullable: true }) lastError!: string | null;
  @Field(() => Float, { nullable: true, description: 'Seconds since the last successful run.' }) lagSeconds!: number | null;
  @Field(() => Int, { description: 'Versions pulled, all runs.' }) objectsIn!: number;
  @Field(() => Int, { description: 'Versions pushed, all runs.' }) objectsOut!: number;
  @Field(() => Int) failedRuns!: number;
  @Field(() => Int, { description: 'Objects held in quarantine.' }) quarantineSize!: number;
  @Field(() => [SyncRun], { description: 'The latest runs, newest first.' }) recentRuns!: SyncRun[];
}

@ObjectType({ description: 'runPeerSync: queued for the job workers, or run here (jobs off) with its outcome.' })
export class PeerSyncRequest {
  @Field() queued!: boolean;
  @Field(() => SyncRun, { nullable: true }) run!: SyncRun | null;
}

@ObjectType({ description: 'An object a pull could not store, with why.' })
export class QuarantinedObject {
  @Field(() => ID) id!: string;
  @Field() peerName!: string;
  @Field() collection!: string;
  @Field(() => String, { nullable: true }) stixId!: string | null;
  @Field(() => JsonScalar) object!: unknown;
  @Field() reason!: string;
  @Field(() => QuarantineStatusEnum) status!: string;
  @Field(() => Date) receivedAt!: Date;
}

@InputType()
export class PeerInput {
  @Field(() => String, { nullable: true, description: 'Lower-case letters, digits, _ or -; fixed once created.' }) name?: string | null;
  @Field(() => String, { nullable: true, description: 'Short name of our partner the peer is; fixed once created.' }) partner?: string | null;
  @Field(() => String, { nullable: true }) baseUrl?: string | null;
  @Field(() => String, { nullable: true, description: 'Default taxii2/api/ (this exchange’s layout).' }) apiRoot?: string | null;
  @Field(() => [String], { nullable: true }) collections?: string[] | null;
  @Field(() => String, { nullable: true }) pushCollection?: string | null;
  @Field(() => SyncDirectionEnum, { nullable: true }) direction?: SyncDirection | null;
  @Field(() => PeerAuthMethodEnum, { nullable: true }) authMethod?: PeerAuthMethod | null;
  @Field(() => String, { nullable: true }) clientId?: string | null;
  @Field(() => String, { nullable: true, description: 'Stored encrypted (SYNC_SECRET_KEY), never returned.' }) clientSecret?: string | null;
  @Field(() => String, { nullable: true, description: 'Default <baseUrl>/oauth/token.' }) tokenUrl?: string | null;
  @Field(() => String, { nullable: true, description: "PRIVATE_KEY_JWT: the assertion's audience; default the token URL." }) assertionAudience?: string | null;
  @Field(() => String, { nullable: true }) schedule?: string | null;
  @Field(() => Int, { nullable: true }) pageSize?: number | null;
  @Field(() => [String], { nullable: true }) egressTypes?: string[] | null;
  @Field(() => TlpLevelEnum, { nullable: true }) egressMaxTlp?: TlpLevel | null;
  @Field(() => String, { nullable: true }) remoteIdentity?: string | null;
  @Field(() => Boolean, { nullable: true }) enabled?: boolean | null;
}
