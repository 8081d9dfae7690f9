import { createPublicKey, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull, type Repository } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { SigningKeyEntity } from './signing-key.entity';

export interface ActiveKey {
  readonly kid: string;
  readonly privateKeyPem: string;
}

/** How long the published keys are trusted from memory before the table is read again (rotation by peers). */
const CACHE_MS = 30_000;

/**
 * ES256 signing keys with rotation: the newest unretired key signs; retired keys stay in the JWKS until every
 * token they signed has expired, so verification never breaks across a rotation (on any replica).
 */
@Injectable()
export class SigningKeysService {
  private cache?: { at: number; active: ActiveKey; verifying: Map<string, KeyObject>; jwks: { keys: Record<string, unknown>[] } };

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly audit: AuditService,
  ) {}

  async active(): Promise<ActiveKey> {
    return (await this.load()).active;
  }

  /** The public key for a kid we published, or undefined for anything else. Parsed once: per request it cost 70% of verification. */
  async verificationKey(kid: string): Promise<KeyObject | undefined> {
    let state = await this.load();
    if (!state.verifying.has(kid)) state = await this.load(true); // a key rotated on another replica
    return state.verifying.get(kid);
  }

  async jwks(): Promise<{ keys: Record<string, unknown>[] }> {
    return (await this.load()).jwks;
  }

  /** Creates a new signing key and retires the previous one (still published until its tokens expire). */
  async rotate(): Promise<string> {
    const kid = await this.dataSource.transaction(async (m) => {
      await m.query(`SELECT pg_advisory_xact_lock(hashtext('cx.signing_keys'))`);
      await m.getRepository(SigningKeyEntity).update({ retiredAt: IsNull() }, { retiredAt: new Date() });
      const newKid = await this.insertKey(m.getRepository(SigningKeyEntity));
      await this.audit.record(m, { action: 'signing-key.rotate', outcome: 'ok', actor: null, targetIds: [newKid], details: { after: { kid: newKid } } });
      return newKid;
    });
    this.cache = undefined;
    return kid;
  }

  private async load(force = false): Promise<NonNullable<SigningKeysService['cache']>> {
    if (!force && this.cache && Date.now() - this.cache.at < CACHE_MS) return this.cache;
    const repo = this.dataSource.getRepository(SigningKeyEntity);
    let keys = await this.published(repo);
    if (!keys.some((k) => k.retiredAt === null)) {
      await this.dataSource.transaction(async (m) => {
        // Two replicas starting together must not both create a key.
        await m.query(`SELECT pg_advisory_xact_lock(hashtext('cx.signing_keys'))`);
        const r = m.getRepository(SigningKeyEntity);
        if (!(await r.exists({ where: { retiredAt: IsNull() } }))) await this.insertKey(r);
      });
      keys = await this.published(repo);
    }
    const current = keys.filter((k) => k.retiredAt === null).sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())[0]!;
    this.cache = {
      at: Date.now(),
      active: { kid: current.kid, privateKeyPem: current.privateKeyPem },
      verifying: new Map(keys.map((k) => [k.kid, createPublicKey({ key: k.publicJwk as never, format: 'jwk' })])),
      jwks: { keys: keys.map((k) => ({ ...k.publicJwk, kid: k.kid, alg: k.alg, use: 'sig' })) },
    };
    return this.cache;
  }

  /** Unretired keys, and retired ones whose last tokens may still be valid. */
  private published(repo: Repository<SigningKeyEntity>): Promise<SigningKeyEntity[]> {
    const horizon = new Date(Date.now() - this.config.auth.tokenTtlSeconds * 1000 - 60_000);
    return repo
      .createQueryBuilder('k')
      .where('k.retired_at IS NULL OR k.retired_at > :horizon', { horizon })
      .getMany();
  }

  // Typed loosely: TypeORM's insert typing cannot take a jsonb column declared as Record<string, unknown>.
  private async insertKey(repo: ReturnType<DataSource['getRepository']>): Promise<string> {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const kid = `cx-${new Date().toISOString().slice(0, 10)}-${randomBytes(4).toString('hex')}`;
    await repo.insert({
      kid,
      alg: 'ES256',
      privateKeyPem: privateKey.export({ format: 'pem', type: 'pkcs8' }) as string,
      publicJwk: publicKey.export({ format: 'jwk' }) as Record<string, unknown>,
      createdAt: new Date(),
      retiredAt: null,
    });
    return kid;
  }
}
