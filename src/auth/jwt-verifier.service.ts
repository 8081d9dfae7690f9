import { Inject, Injectable } from '@nestjs/common';
import { ExtractJwt, Strategy } from 'passport-jwt';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import type { Actor } from './actor';
import { ActorService } from './actor.service';
import { decodeJws } from './jws';
import { SigningKeysService } from './signing-keys.service';

export type Verification = { readonly actor: Actor } | { readonly actor?: undefined; readonly reason: string; readonly presented: boolean };

/**
 * Verifies our own access tokens with passport-jwt's strategy: ES256 only (so `none` and HS256-with-the-
 * public-key fail), our issuer and audience, expiry and not-before, the key chosen by `kid` among our
 * published keys. The strategy is driven directly, per application, rather than through passport's global
 * registry, which would let two exchanges in one process (tests, tools) use each other's keys and database.
 */
/** Tokens already verified, by their exact text: partners reuse one token for many requests. */
const VERIFIED_CACHE_SIZE = 10_000;

@Injectable()
export class JwtVerifier {
  private readonly strategy: Strategy;
  /**
   * token → (client id, expiry). A hit skips only the signature and claim checks, which gave that token
   * the same answer before; the actor (and so a suspension) is still looked up live.
   */
  private readonly verified = new Map<string, { sub: string; exp: number }>();

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    keys: SigningKeysService,
    private readonly actors: ActorService,
  ) {
    this.strategy = new Strategy(
      {
        jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
        algorithms: ['ES256'],
        issuer: config.auth.issuer,
        audience: config.auth.audience,
        ignoreExpiration: false,
        jsonWebTokenOptions: { clockTolerance: 5, maxAge: `${config.auth.tokenTtlSeconds + 5}s` },
        // jsonwebtoken takes a KeyObject as well as PEM (passport-jwt's types say only string | Buffer).
        secretOrKeyProvider: (_req: unknown, rawJwt: string, done: (err: unknown, key?: string) => void) => {
          const kid = decodeJws(rawJwt)?.header.kid;
          if (typeof kid !== 'string') return done(null, undefined);
          keys.verificationKey(kid).then((key) => done(null, key as unknown as string | undefined), done);
        },
      },
      (payload: { sub?: unknown }, done: (err: unknown, user?: Actor | false) => void) => {
        if (typeof payload.sub !== 'string') return done(null, false);
        this.actors.forClient(payload.sub).then((actor) => done(null, actor ?? false), done);
      },
    );
  }

  async verify(request: { headers: Record<string, string | string[] | undefined> }): Promise<Verification> {
    const presented = typeof request.headers.authorization === 'string';
    const token = presented ? /^Bearer\s+(\S+)$/i.exec(request.headers.authorization as string)?.[1] : undefined;
    const known = token ? this.verified.get(token) : undefined;
    if (token && known) {
      if (known.exp * 1000 > Date.now()) {
        const actor = await this.actors.forClient(known.sub);
        return actor ? { actor } : { reason: 'client or partner not active', presented };
      }
      this.verified.delete(token);
    }
    const result = await this.verifyWithStrategy(request, presented);
    if (token && result.actor) this.remember(token);
    return result;
  }

  private remember(token: string): void {
    const payload = decodeJws(token)?.payload;
    if (typeof payload?.sub !== 'string' || typeof payload.exp !== 'number') return;
    if (this.verified.size >= VERIFIED_CACHE_SIZE) this.verified.delete(this.verified.keys().next().value!);
    this.verified.set(token, { sub: payload.sub, exp: payload.exp });
  }

  private verifyWithStrategy(request: { headers: Record<string, string | string[] | undefined> }, presented: boolean): Promise<Verification> {
    return new Promise((resolve) => {
      // passport's own pattern: a per-request instance whose outcome callbacks we supply.
      const attempt = Object.create(this.strategy) as Strategy & {
        success(user: Actor): void;
        fail(info?: unknown): void;
        error(err: unknown): void;
      };
      attempt.success = (actor) => resolve({ actor });
      attempt.fail = (info) => resolve({ reason: info instanceof Error ? info.message : presented ? 'client or partner not active' : 'no token', presented });
      attempt.error = (err) => resolve({ reason: err instanceof Error ? err.message : String(err), presented });
      attempt.authenticate(request as never, {});
    });
  }
}
