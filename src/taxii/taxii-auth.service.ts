import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { ActorService } from '../auth/actor.service';
import { AuthFailure } from '../auth/auth-errors';
import { AuthRateLimiter } from '../auth/auth-rate-limiter';
import { ClientAuthenticator } from '../auth/client-authenticator.service';
import { JwtVerifier } from '../auth/jwt-verifier.service';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { TaxiiError } from './taxii-error';

/** What a TAXII request offers: its headers and source address. */
export interface TaxiiCredentials {
  readonly headers: Record<string, string | string[] | undefined>;
  readonly ip: string;
}

/** How long a verified Basic secret is remembered: argon2 on every request would cap a pull at a few pages/s. */
const BASIC_CACHE_MS = 60_000;
const BASIC_CACHE_SIZE = 10_000;
const CHALLENGE = { 'WWW-Authenticate': 'Basic realm="cert-exchange TAXII", Bearer realm="cert-exchange TAXII"' };

export function basicCredentials(header: string | undefined): { id: string; secret: string } | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(header ?? '');
  if (!match) return undefined;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon > 0 ? { id: decoded.slice(0, colon), secret: decoded.slice(colon + 1) } : undefined;
}

/**
 * TAXII's own authentication (its routes are outside the global AuthGuard, whose errors are GraphQL's):
 * a Bearer token from /oauth/token, verified exactly as everywhere else, or HTTP Basic with a client id and
 * secret (what most TAXII clients can do). Basic failures count against the same kind of per-client and
 * per-address limit as the token endpoint. Every failure is one 401; the reason goes to the audit trail.
 */
@Injectable()
export class TaxiiAuthenticator {
  private readonly limiter: AuthRateLimiter;
  /** sha256(id:secret) → (client id, until): a hit skips argon2, the actor is still looked up live. */
  private readonly verified = new Map<string, { clientId: string; until: number }>();

  constructor(
    private readonly verifier: JwtVerifier,
    private readonly clients: ClientAuthenticator,
    private readonly actors: ActorService,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.limiter = new AuthRateLimiter(config.auth.failureLimit, config.auth.failureWindowSeconds * 1000);
  }

  async authenticate(request: TaxiiCredentials): Promise<Actor> {
    const header = typeof request.headers.authorization === 'string' ? request.headers.authorization : undefined;
    if (!header) throw new TaxiiError(401, 'authentication required: a Bearer token from /oauth/token, or HTTP Basic with a client id and secret', undefined, CHALLENGE);
    const basic = basicCredentials(header);
    if (basic) return this.withBasic(basic, request.ip);
    const result = await this.verifier.verify(request);
    if (result.actor) return result.actor;
    await this.denied(null, result.reason, 'bearer');
    throw this.unauthorized();
  }

  private async withBasic(basic: { id: string; secret: string }, ip: string): Promise<Actor> {
    const key = createHash('sha256').update(`${basic.id}:${basic.secret}`).digest('base64');
    const known = this.verified.get(key);
    if (known && known.until > Date.now()) {
      const actor = await this.actors.forClient(known.clientId);
      if (actor) return actor;
    }
    const limitKeys = [`ip:${ip}`, `client:${basic.id}`];
    const wait = this.limiter.retryAfter(limitKeys);
    if (wait > 0) {
      await this.audit.recordStandalone({ action: 'auth.rate-limited', actor: null, outcome: 'denied', targetIds: [basic.id], details: { retryAfterSeconds: wait, channel: 'taxii' } });
      throw new TaxiiError(429, `too many failed attempts; retry after ${wait} seconds`, undefined, { 'Retry-After': String(wait) });
    }
    try {
      const { client } = await this.clients.withSecret(basic.id, basic.secret);
      this.limiter.succeed(limitKeys);
      const actor = await this.actors.forClient(client.clientId);
      if (!actor) throw new AuthFailure('client or partner not active', client.clientId);
      if (this.verified.size >= BASIC_CACHE_SIZE) this.verified.delete(this.verified.keys().next().value!);
      this.verified.set(key, { clientId: client.clientId, until: Date.now() + BASIC_CACHE_MS });
      return actor;
    } catch (error) {
      if (!(error instanceof AuthFailure)) throw error;
      this.limiter.fail(limitKeys);
      await this.denied(error.clientId ?? null, error.reason, 'basic');
      throw this.unauthorized();
    }
  }

  private unauthorized(): TaxiiError {
    return new TaxiiError(401, 'invalid credentials or expired token', undefined, CHALLENGE);
  }

  private async denied(clientId: string | null, reason: string, method: string): Promise<void> {
    await this.audit
      .recordStandalone({ action: 'auth.denied', actor: null, outcome: 'denied', targetIds: clientId ? [clientId] : [], details: { reason, method } })
      .catch(() => undefined);
  }
}
