import type { TlpLevel } from '../stix/tlp.constants';

export const SYNC_DIRECTIONS = ['PULL', 'PUSH', 'BOTH'] as const;
export type SyncDirection = (typeof SYNC_DIRECTIONS)[number];

/** How we authenticate to the peer: a token from its /oauth/token (secret or signed assertion), or Basic. */
export const PEER_AUTH_METHODS = ['CLIENT_SECRET', 'PRIVATE_KEY_JWT', 'BASIC'] as const;
export type PeerAuthMethod = (typeof PEER_AUTH_METHODS)[number];

export type RunTrigger = 'SCHEDULE' | 'MANUAL' | 'CLI';

/** A row of sync_peers; the sealed credentials never leave the sync module. */
export interface Peer {
  readonly id: string;
  readonly name: string;
  readonly partnerId: string;
  readonly baseUrl: string;
  /** Absolute URL of the API root, or a path relative to baseUrl (`taxii2/api/`). */
  readonly apiRoot: string;
  /** Collection ids to pull from. */
  readonly collections: string[];
  /** Collection id to push into; default the first of `collections`. */
  readonly pushCollection: string | null;
  readonly direction: SyncDirection;
  readonly authMethod: PeerAuthMethod;
  readonly tokenUrl: string | null;
  readonly assertionAudience: string | null;
  readonly clientId: string;
  readonly secretSealed: string | null;
  readonly privateKeySealed: string | null;
  readonly publicJwk: Record<string, unknown> | null;
  readonly schedule: string | null;
  readonly pageSize: number;
  readonly egressTypes: string[] | null;
  readonly egressMaxTlp: TlpLevel | null;
  /** The STIX identity of the remote exchange's HOME partner, when it is one of ours: nothing originating there is pushed back. */
  readonly remoteIdentity: string | null;
  readonly enabled: boolean;
  readonly nextRunAt: Date | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export const PEER_COLUMNS = `p.id, p.name, p.partner_id AS "partnerId", p.base_url AS "baseUrl", p.api_root AS "apiRoot", p.collections,
  p.push_collection AS "pushCollection", p.direction, p.auth_method AS "authMethod", p.token_url AS "tokenUrl",
  p.assertion_audience AS "assertionAudience", p.client_id AS "clientId", p.secret_sealed AS "secretSealed",
  p.private_key_sealed AS "privateKeySealed", p.public_jwk AS "publicJwk", p.schedule, p.page_size AS "pageSize",
  p.egress_types AS "egressTypes", p.egress_max_tlp AS "egressMaxTlp", p.remote_identity AS "remoteIdentity", p.enabled,
  p.next_run_at AS "nextRunAt", p.created_at AS "createdAt", p.updated_at AS "updatedAt"`;

export interface SyncRun {
  readonly id: string;
  readonly peerId: string;
  readonly trigger: RunTrigger;
  readonly status: 'RUNNING' | 'OK' | 'FAILED' | 'ABORTED';
  readonly startedAt: Date;
  readonly finishedAt: Date | null;
  readonly pulled: number;
  readonly duplicates: number;
  readonly echoes: number;
  readonly quarantined: number;
  readonly pushed: number;
  readonly pushFailures: number;
  readonly error: string | null;
}

export const RUN_COLUMNS = `r.id, r.peer_id AS "peerId", r.trigger, r.status, r.started_at AS "startedAt", r.finished_at AS "finishedAt",
  r.pulled, r.duplicates, r.echoes, r.quarantined, r.pushed, r.push_failures AS "pushFailures", r.error`;

export interface QuarantinedObject {
  readonly id: string;
  readonly peerId: string;
  readonly collection: string;
  readonly stixId: string | null;
  readonly object: Record<string, unknown>;
  readonly reason: string;
  readonly status: 'HELD' | 'ACCEPTED' | 'DISCARDED';
  readonly receivedAt: Date;
}

export const QUARANTINE_COLUMNS = `q.id, q.peer_id AS "peerId", q.collection, q.stix_id AS "stixId", q.object, q.reason, q.status, q.received_at AS "receivedAt"`;

/** What one run did, as counted. */
export interface RunCounts {
  pulled: number;
  duplicates: number;
  echoes: number;
  quarantined: number;
  pushed: number;
  pushFailures: number;
}

export function emptyCounts(): RunCounts {
  return { pulled: 0, duplicates: 0, echoes: 0, quarantined: 0, pushed: 0, pushFailures: 0 };
}
