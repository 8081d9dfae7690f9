import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { ApiClientEntity } from '../partners/api-client.entity';
import { PartnerEntity } from '../partners/partner.entity';
import { AuthFailure } from './auth-errors';
import { decodeJws, verifyJwsSignature } from './jws';
import { verifySecret } from './secret-hasher';

export interface AuthenticatedClient {
  readonly client: ApiClientEntity;
  readonly partner: PartnerEntity;
}

/** Longest lifetime we accept for a client assertion: a long-lived one is a bearer secret by another name. */
const MAX_ASSERTION_LIFETIME_S = 600;
const CLOCK_SKEW_S = 60;

/** Checks a client's credentials: a secret (RFC 6749 §2.3.1) or a signed assertion (RFC 7523, private_key_jwt). */
@Injectable()
export class ClientAuthenticator {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async withSecret(clientId: string, secret: string): Promise<AuthenticatedClient> {
    const found = await this.load(clientId);
    const c = found?.client;
    const previousValid = c?.previousSecretExpiresAt && c.previousSecretExpiresAt.getTime() > Date.now() ? c.previousSecretHash : null;
    // Always one argon2 verification, also for unknown clients, so timing does not reveal which exist.
    const ok = await verifySecret(secret, c ? [c.secretHash, previousValid] : []);
    if (!found) throw new AuthFailure('unknown client', clientId);
    if (!ok) throw new AuthFailure('wrong secret', clientId);
    return this.active(found);
  }

  async withAssertion(assertion: string): Promise<AuthenticatedClient> {
    const jws = decodeJws(assertion);
    if (!jws) throw new AuthFailure('malformed client assertion');
    const { iss, sub, aud, exp, iat, jti } = jws.payload;
    if (typeof sub !== 'string' || iss !== sub) throw new AuthFailure('client assertion iss and sub must both be the client id');
    const found = await this.load(sub);
    if (!found) throw new AuthFailure('unknown client', sub);
    const key = found.client.jwks?.keys.find((k) => k.kid === jws.header.kid);
    if (!key) throw new AuthFailure('client assertion signed by an unregistered key', sub);
    if (!verifyJwsSignature(jws, key)) throw new AuthFailure('client assertion signature invalid', sub);
    const now = Math.floor(Date.now() / 1000);
    if (typeof exp !== 'number' || exp + CLOCK_SKEW_S < now) throw new AuthFailure('client assertion expired', sub);
    if (typeof iat === 'number' && iat - CLOCK_SKEW_S > now) throw new AuthFailure('client assertion not yet valid', sub);
    if (exp - now > MAX_ASSERTION_LIFETIME_S) throw new AuthFailure('client assertion lifetime too long', sub);
    const audiences = Array.isArray(aud) ? aud : [aud];
    if (!audiences.some((a) => typeof a === 'string' && this.acceptedAudiences().includes(a))) throw new AuthFailure('client assertion audience is not this exchange', sub);
    if (typeof jti !== 'string' || !jti || jti.length > 200) throw new AuthFailure('client assertion needs a jti', sub);
    await this.consume(sub, jti, exp);
    return this.active(found);
  }

  private acceptedAudiences(): string[] {
    const { issuer, publicUrl } = this.config.auth;
    return publicUrl ? [issuer, publicUrl, `${publicUrl}/oauth/token`] : [issuer];
  }

  /** A jti is good once: a replayed assertion fails even within its lifetime. */
  private async consume(clientId: string, jti: string, exp: number): Promise<void> {
    const rows: unknown[] = await this.dataSource.query(
      `INSERT INTO used_client_assertions (client_id, jti, expires_at) VALUES ($1, $2, to_timestamp($3))
       ON CONFLICT DO NOTHING RETURNING jti`,
      [clientId, jti, exp + CLOCK_SKEW_S],
    );
    if (rows.length === 0) throw new AuthFailure('client assertion replayed', clientId);
    if (Math.random() < 0.01) await this.dataSource.query(`DELETE FROM used_client_assertions WHERE expires_at < now()`);
  }

  private async load(clientId: string): Promise<AuthenticatedClient | null> {
    if (clientId.length > 100) return null;
    const client = await this.dataSource.getRepository(ApiClientEntity).findOne({ where: { clientId } });
    if (!client) return null;
    const partner = await this.dataSource.getRepository(PartnerEntity).findOneByOrFail({ id: client.partnerId });
    return { client, partner };
  }

  private active(found: AuthenticatedClient): AuthenticatedClient {
    if (found.client.status !== 'ACTIVE') throw new AuthFailure('client suspended', found.client.clientId);
    if (found.partner.status !== 'ACTIVE') throw new AuthFailure('partner suspended', found.client.clientId);
    return found;
  }
}
