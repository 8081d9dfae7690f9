import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { AppError, type ProblemDetail } from '../common/errors/app-error';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { ActorTransactions } from '../database/actor-transaction.service';
import { PartnersService } from '../partners/partners.service';
import { PolicyService } from '../policy/policy.service';
import { TLP_LEVELS, type TlpLevel } from '../stix/tlp.constants';
import { nextRun } from './peer-schedule';
import { PEER_AUTH_METHODS, SYNC_DIRECTIONS, type Peer, type PeerAuthMethod, type SyncDirection } from './peer.types';
import { seal } from './secret-box';
import { SyncRepository } from './sync.repository';

export interface PeerInput {
  readonly name?: string | null;
  /** Short name of the partner the peer is. */
  readonly partner?: string | null;
  readonly baseUrl?: string | null;
  readonly apiRoot?: string | null;
  readonly collections?: readonly string[] | null;
  readonly pushCollection?: string | null;
  readonly direction?: SyncDirection | null;
  readonly authMethod?: PeerAuthMethod | null;
  readonly clientId?: string | null;
  readonly clientSecret?: string | null;
  readonly tokenUrl?: string | null;
  readonly assertionAudience?: string | null;
  readonly schedule?: string | null;
  readonly pageSize?: number | null;
  readonly egressTypes?: readonly string[] | null;
  readonly egressMaxTlp?: TlpLevel | null;
  readonly remoteIdentity?: string | null;
  readonly enabled?: boolean | null;
}

type PeerRow = Omit<Peer, 'createdAt' | 'updatedAt'>;

const NAME = /^[a-z0-9][a-z0-9_-]{0,39}$/;
const COLLECTION = /^[A-Za-z0-9._~-]{1,100}$/;
const STIX_TYPE = /^[a-z0-9][a-z0-9-]{1,249}$/;
const IDENTITY = /^identity--[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Peers: HOME's links to remote TAXII servers. Credentials are sealed before they touch the database and never returned. */
@Injectable()
export class PeersService {
  constructor(
    private readonly tx: ActorTransactions,
    private readonly repository: SyncRepository,
    private readonly partners: PartnersService,
    private readonly policy: PolicyService,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  list(actor: Actor): Promise<Peer[]> {
    this.assertHome(actor);
    return this.tx.read(actor, (m) => this.repository.peers(m));
  }

  async get(actor: Actor, idOrName: string): Promise<Peer> {
    this.assertHome(actor);
    const peer = await this.tx.read(actor, (m) => this.repository.peer(m, idOrName));
    if (!peer) throw AppError.notFound('Peer', idOrName);
    return peer;
  }

  async create(actor: Actor, input: PeerInput): Promise<Peer> {
    this.assertHome(actor);
    const id = randomUUID();
    const row = await this.build(id, input, null);
    return this.tx.run(actor, async (m) => {
      if (await this.repository.peer(m, row.name)) throw AppError.badInput(`a peer named ${row.name} exists already`, { argument: 'name' });
      await this.repository.insertPeer(m, row);
      await this.audit.record(m, { action: 'peer.create', outcome: 'ok', actor, targetIds: [id], details: { after: describe(row) } });
      return (await this.repository.peer(m, id))!;
    });
  }

  async update(actor: Actor, idOrName: string, input: PeerInput): Promise<Peer> {
    this.assertHome(actor);
    return this.tx.run(actor, async (m) => {
      const before = await this.repository.peer(m, idOrName);
      if (!before) throw AppError.notFound('Peer', idOrName);
      if (input.name != null && input.name !== before.name) throw AppError.badInput('a peer cannot be renamed (its name labels metrics and provenance)', { argument: 'name' });
      if (input.partner != null && input.partner !== (await this.partners.findByIds([before.partnerId]))[0]?.shortName) {
        throw AppError.badInput('a peer cannot move to another partner: remove it and add a new one', { argument: 'partner' });
      }
      const row = await this.build(before.id, input, before);
      await this.repository.updatePeer(m, row);
      await this.audit.record(m, { action: 'peer.update', outcome: 'ok', actor, targetIds: [before.id], details: { before: describe(before), after: describe(row) } });
      return (await this.repository.peer(m, before.id))!;
    });
  }

  /** A new key pair for private_key_jwt: register the returned public JWKS with the peer's exchange. */
  async rotateKey(actor: Actor, idOrName: string): Promise<Peer> {
    this.assertHome(actor);
    const key = this.requireKey();
    return this.tx.run(actor, async (m) => {
      const peer = await this.repository.peer(m, idOrName);
      if (!peer) throw AppError.notFound('Peer', idOrName);
      if (peer.authMethod !== 'PRIVATE_KEY_JWT') throw AppError.badInput(`peer ${peer.name} authenticates with ${peer.authMethod}, not a key pair`);
      const pair = keyPair(key, peer.id);
      await this.repository.updatePeer(m, { ...peer, ...pair });
      await this.audit.record(m, { action: 'peer.update', outcome: 'ok', actor, targetIds: [peer.id], details: { before: { keyId: peer.publicJwk?.kid ?? null }, after: { keyId: pair.publicJwk.kid } } });
      return (await this.repository.peer(m, peer.id))!;
    });
  }

  async remove(actor: Actor, idOrName: string): Promise<boolean> {
    this.assertHome(actor);
    return this.tx.run(actor, async (m) => {
      const peer = await this.repository.peer(m, idOrName);
      if (!peer) throw AppError.notFound('Peer', idOrName);
      await this.repository.deletePeer(m, peer.id);
      await this.audit.record(m, { action: 'peer.remove', outcome: 'ok', actor, targetIds: [peer.id], details: { before: describe(peer) } });
      return true;
    });
  }

  assertHome(actor: Actor): void {
    this.policy.requireRole(actor, 'ADMIN');
    if (!this.policy.isHome(actor)) throw AppError.forbidden('peers are managed by the home CERT');
  }

  private async build(id: string, input: PeerInput, before: Peer | null): Promise<PeerRow> {
    const problems: ProblemDetail[] = [];
    const bad = (path: string, message: string) => problems.push({ path, message });
    const pick = <K extends keyof PeerInput>(k: K, fallback: NonNullable<PeerInput[K]> | null): NonNullable<PeerInput[K]> | null =>
      (input[k] ?? fallback) as NonNullable<PeerInput[K]> | null;

    const name = before?.name ?? input.name ?? '';
    if (!NAME.test(name)) bad('name', 'must be 1-40 lower-case letters, digits, _ or -');
    let partnerId = before?.partnerId ?? '';
    if (!before) {
      const partner = input.partner ? await this.partners.findByShortName(input.partner) : null;
      if (!partner) bad('partner', input.partner ? `unknown partner ${input.partner}` : 'is required');
      else if (partner.kind === 'HOME') bad('partner', 'a peer is another organisation, not the home CERT');
      else partnerId = partner.id;
    }
    const baseUrl = (pick('baseUrl', before?.baseUrl ?? null) ?? '').replace(/\/+$/, '');
    if (!/^https?:\/\/[^\s/]+/.test(baseUrl)) bad('baseUrl', 'must be an http(s) URL');
    const apiRoot = pick('apiRoot', before?.apiRoot ?? 'taxii2/api/')!;
    try {
      new URL(apiRoot, baseUrl + '/');
    } catch {
      bad('apiRoot', 'must be a URL or a path under baseUrl');
    }
    const collections = [...(pick('collections', before?.collections ?? []) ?? [])];
    if (collections.length === 0) bad('collections', 'name at least one collection id');
    for (const c of collections) if (!COLLECTION.test(c)) bad('collections', `invalid collection id ${c.slice(0, 100)}`);
    const pushCollection = input.pushCollection !== undefined ? input.pushCollection : (before?.pushCollection ?? null);
    if (pushCollection != null && !COLLECTION.test(pushCollection)) bad('pushCollection', 'invalid collection id');
    const direction = pick('direction', before?.direction ?? 'PULL')!;
    if (!SYNC_DIRECTIONS.includes(direction)) bad('direction', `must be one of ${SYNC_DIRECTIONS.join(', ')}`);
    const authMethod = pick('authMethod', before?.authMethod ?? 'CLIENT_SECRET')!;
    if (!PEER_AUTH_METHODS.includes(authMethod)) bad('authMethod', `must be one of ${PEER_AUTH_METHODS.join(', ')}`);
    const clientId = pick('clientId', before?.clientId ?? null) ?? '';
    if (!/^[\x21-\x7e]{1,200}$/.test(clientId)) bad('clientId', 'is required (the client id the peer issued to us)');
    const tokenUrl = input.tokenUrl !== undefined ? input.tokenUrl : (before?.tokenUrl ?? null);
    if (tokenUrl != null && !/^https?:\/\/\S+$/.test(tokenUrl)) bad('tokenUrl', 'must be an http(s) URL');
    const schedule = input.schedule !== undefined ? input.schedule : (before?.schedule ?? null);
    let nextRunAt: Date | null = null;
    if (schedule != null) {
      try {
        nextRunAt = nextRun(schedule);
      } catch (error) {
        bad('schedule', `invalid cron: ${(error as Error).message}`);
      }
    }
    const pageSize = pick('pageSize', before?.pageSize ?? 1000)!;
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 10000) bad('pageSize', 'must be 1 to 10000');
    const egressTypes = input.egressTypes !== undefined ? (input.egressTypes ? [...input.egressTypes] : null) : (before?.egressTypes ?? null);
    for (const t of egressTypes ?? []) if (!STIX_TYPE.test(t)) bad('egressTypes', `invalid STIX type ${t.slice(0, 60)}`);
    const egressMaxTlp = input.egressMaxTlp !== undefined ? input.egressMaxTlp : (before?.egressMaxTlp ?? null);
    if (egressMaxTlp != null && (!TLP_LEVELS.includes(egressMaxTlp) || egressMaxTlp === 'RED')) bad('egressMaxTlp', 'must be CLEAR, GREEN, AMBER or AMBER+STRICT (TLP:RED is never pushed)');
    const remoteIdentity = input.remoteIdentity !== undefined ? input.remoteIdentity : (before?.remoteIdentity ?? null);
    if (remoteIdentity != null && !IDENTITY.test(remoteIdentity)) bad('remoteIdentity', 'must be a STIX identity id');

    // Credentials: a new secret replaces the old one; changing the method drops what the new one does not use.
    let secretSealed = authMethod !== 'PRIVATE_KEY_JWT' ? (before?.secretSealed ?? null) : null;
    let keys: Pick<Peer, 'privateKeySealed' | 'publicJwk'> = authMethod === 'PRIVATE_KEY_JWT' ? { privateKeySealed: before?.privateKeySealed ?? null, publicJwk: before?.publicJwk ?? null } : { privateKeySealed: null, publicJwk: null };
    if (input.clientSecret != null) {
      if (authMethod === 'PRIVATE_KEY_JWT') bad('clientSecret', 'private_key_jwt uses a key pair, not a secret');
      else if (input.clientSecret.length < 8 || input.clientSecret.length > 500) bad('clientSecret', 'must be 8-500 characters');
      else if (!this.config.sync.secretKey) bad('clientSecret', 'SYNC_SECRET_KEY is not configured: refusing to store a secret unencrypted');
      else secretSealed = seal(this.config.sync.secretKey, input.clientSecret, `peer:${id}:secret`);
    }
    if (authMethod !== 'PRIVATE_KEY_JWT' && !secretSealed && !problems.some((p) => p.path === 'clientSecret')) bad('clientSecret', `is required for ${authMethod}`);
    if (authMethod === 'PRIVATE_KEY_JWT' && !keys.privateKeySealed) {
      if (!this.config.sync.secretKey) bad('authMethod', 'SYNC_SECRET_KEY is not configured: refusing to store a private key unencrypted');
      else keys = keyPair(this.config.sync.secretKey, id);
    }
    if (problems.length > 0) throw AppError.invalid(problems, 'invalid peer');
    return {
      id, name, partnerId, baseUrl, apiRoot, collections, pushCollection, direction, authMethod, tokenUrl,
      assertionAudience: input.assertionAudience !== undefined ? input.assertionAudience : (before?.assertionAudience ?? null),
      clientId, secretSealed, ...keys, schedule, pageSize, egressTypes, egressMaxTlp, remoteIdentity,
      enabled: pick('enabled', before?.enabled ?? true)!, nextRunAt,
    };
  }

  private requireKey(): Buffer {
    const key = this.config.sync.secretKey;
    if (!key) throw AppError.badInput('SYNC_SECRET_KEY is not configured: refusing to store a private key unencrypted');
    return key;
  }
}

/** ES256 (P-256): a private key sealed at rest, and the public JWK to give the peer's operator. */
function keyPair(key: Buffer, peerId: string): { privateKeySealed: string; publicJwk: Record<string, unknown> & { kid: string } } {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const kid = `cx-sync-${randomUUID().slice(0, 8)}`;
  const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  return { privateKeySealed: seal(key, pem, `peer:${peerId}:private-key`), publicJwk: { ...publicKey.export({ format: 'jwk' }), kid, alg: 'ES256', use: 'sig' } };
}

/** What the audit trail records of a peer: everything but credentials. */
function describe(p: PeerRow) {
  return {
    name: p.name, baseUrl: p.baseUrl, apiRoot: p.apiRoot, collections: p.collections, pushCollection: p.pushCollection, direction: p.direction,
    authMethod: p.authMethod, clientId: p.clientId, secret: p.secretSealed ? 'stored' : 'none', keyId: (p.publicJwk?.kid as string | undefined) ?? null,
    schedule: p.schedule, pageSize: p.pageSize, egressTypes: p.egressTypes, egressMaxTlp: p.egressMaxTlp, remoteIdentity: p.remoteIdentity, enabled: p.enabled,
  };
}
