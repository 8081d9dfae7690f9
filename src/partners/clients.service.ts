import { createPublicKey } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { Actor, Role } from '../auth/actor';
import { hashSecret, newClientId, newClientSecret } from '../auth/secret-hasher';
import type { AuditAction } from '../audit/audit-actions';
import { AuditService } from '../audit/audit.service';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { ApiClientEntity } from './api-client.entity';
import { PartnerEntity } from './partner.entity';
import { PartnerErrors } from './partner-errors';
import { partnerByShortName } from './partner-lookup';
import { checkRoles } from './partner-input';

export interface IssuedCredentials {
  readonly client: ApiClientEntity;
  /** Shown once; only its argon2id hash is kept. Absent for key-only (private_key_jwt) clients. */
  readonly clientSecret?: string;
}

export interface NewClient {
  partnerShortName: string;
  roles: readonly string[];
  label?: string;
  /** Public keys for private_key_jwt; with `keyOnly` no secret is issued at all. */
  jwks?: { keys: Record<string, unknown>[] };
  keyOnly?: boolean;
}

const ASSERTION_ALGS = new Set(['ES256', 'EdDSA', 'RS256', 'PS256']);

/** Checks a JWKS holds usable public keys only: a private key in it would be a leak waiting to happen. */
export function checkJwks(jwks: unknown): { keys: Record<string, unknown>[] } {
  const keys = (jwks as { keys?: unknown })?.keys;
  if (!Array.isArray(keys) || keys.length === 0) throw PartnerErrors.invalidJwks('must be {"keys": [ ... ]} with at least one key');
  keys.forEach((k: Record<string, unknown>, i) => {
    if (typeof k !== 'object' || k === null) throw PartnerErrors.invalidJwks(`keys[${i}] is not an object`);
    if ('d' in k || 'p' in k || 'q' in k) throw PartnerErrors.invalidJwks(`keys[${i}] contains private key material`);
    if (typeof k.kid !== 'string' || !k.kid) throw PartnerErrors.invalidJwks(`keys[${i}] needs a kid`);
    if (typeof k.alg !== 'string' || !ASSERTION_ALGS.has(k.alg)) throw PartnerErrors.invalidJwks(`keys[${i}].alg must be one of ${[...ASSERTION_ALGS].join(', ')}`);
    try {
      createPublicKey({ key: k as never, format: 'jwk' });
    } catch {
      throw PartnerErrors.invalidJwks(`keys[${i}] is not a valid public key`);
    }
  });
  return { keys: keys as Record<string, unknown>[] };
}

/** API clients: the credentials partners' people and machines authenticate with. */
@Injectable()
export class ClientsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly audit: AuditService,
  ) {}

  findByClientId(clientId: string): Promise<ApiClientEntity | null> {
    return this.dataSource.getRepository(ApiClientEntity).findOne({ where: { clientId } });
  }

  async create(input: NewClient, by: Actor | null, manager?: EntityManager): Promise<IssuedCredentials> {
    const roles = checkRoles(input.roles);
    const jwks = input.jwks ? checkJwks(input.jwks) : null;
    if (input.keyOnly && !jwks) throw PartnerErrors.invalidJwks('a key-only client needs a JWKS');
    const run = async (m: EntityManager): Promise<IssuedCredentials> => {
      const partner = await partnerByShortName(m, input.partnerShortName).getOne();
      if (!partner) throw PartnerErrors.notFound(input.partnerShortName);
      if (roles.includes('ADMIN') && partner.kind !== 'HOME') throw PartnerErrors.adminOutsideHome();
      const clientSecret = input.keyOnly ? undefined : newClientSecret();
      const repo = m.getRepository(ApiClientEntity);
      const client = await repo.save(
        repo.create({
          clientId: newClientId(),
          partnerId: partner.id,
          label: input.label ?? '',
          roles,
          status: 'ACTIVE',
          secretHash: clientSecret ? await hashSecret(clientSecret) : null,
          jwks,
        }),
      );
      await this.audit.record(m, {
        action: 'client.create',
        outcome: 'ok',
        actor: by,
        targetIds: [client.clientId, partner.id],
        details: { after: { clientId: client.clientId, partner: partner.shortName, roles, label: client.label, secret: clientSecret ? 'issued' : 'none', keys: jwks?.keys.map((k) => k.kid) ?? [] } },
      });
      return { client, clientSecret };
    };
    return manager ? run(manager) : this.dataSource.transaction(run);
  }

  /** A new secret; the old one keeps working for the configured grace period so partners can roll over. */
  async rotateSecret(clientId: string, by: Actor | null): Promise<IssuedCredentials> {
    const clientSecret = newClientSecret();
    const secretHash = await hashSecret(clientSecret);
    const graceMs = this.config.auth.secretRotationGraceSeconds * 1000;
    const client = await this.change(clientId, by, 'client.rotate-secret', (c) => {
      c.previousSecretHash = c.secretHash;
      c.previousSecretExpiresAt = c.secretHash ? new Date(Date.now() + graceMs) : null;
      c.secretHash = secretHash;
      return { previousSecretValidUntil: c.previousSecretExpiresAt?.toISOString() ?? null };
    });
    return { client, clientSecret };
  }

  suspend(clientId: string, by: Actor | null): Promise<ApiClientEntity> {
    return this.change(clientId, by, 'client.suspend', (c) => {
      const before = c.status;
      c.status = 'SUSPENDED';
      return { before: { status: before }, after: { status: c.status } };
    });
  }

  reactivate(clientId: string, by: Actor | null): Promise<ApiClientEntity> {
    return this.change(clientId, by, 'client.reactivate', (c) => {
      const before = c.status;
      c.status = 'ACTIVE';
      return { before: { status: before }, after: { status: c.status } };
    });
  }

  async setRoles(clientId: string, roles: readonly string[], by: Actor | null): Promise<ApiClientEntity> {
    const checked: Role[] = checkRoles(roles);
    return this.change(clientId, by, 'client.set-roles', (c, partner) => {
      if (checked.includes('ADMIN') && partner.kind !== 'HOME') throw PartnerErrors.adminOutsideHome();
      const before = c.roles;
      c.roles = checked;
      return { before: { roles: before }, after: { roles: checked } };
    });
  }

  async setKeys(clientId: string, jwks: unknown, by: Actor | null): Promise<ApiClientEntity> {
    const checked = checkJwks(jwks);
    return this.change(clientId, by, 'client.set-keys', (c) => {
      const before = c.jwks?.keys.map((k) => k.kid) ?? [];
      c.jwks = checked;
      return { before: { keys: before }, after: { keys: checked.keys.map((k) => k.kid) } };
    });
  }

  private async change(
    clientId: string,
    by: Actor | null,
    action: AuditAction,
    apply: (c: ApiClientEntity, partner: PartnerEntity) => Record<string, unknown>,
  ): Promise<ApiClientEntity> {
    return this.dataSource.transaction(async (m) => {
      const repo = m.getRepository(ApiClientEntity);
      const client = await repo.createQueryBuilder('c').setLock('pessimistic_write').where('c.client_id = :clientId', { clientId }).getOne();
      if (!client) throw PartnerErrors.clientNotFound(clientId);
      const partner = await m.getRepository(PartnerEntity).findOneByOrFail({ id: client.partnerId });
      const details = apply(client, partner);
      client.updatedAt = new Date();
      await repo.save(client);
      await this.audit.record(m, { outcome: 'ok', action, actor: by, targetIds: [client.clientId, partner.id], details });
      return client;
    });
  }
}
