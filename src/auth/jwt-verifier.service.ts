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
@Injectable()
export class JwtVerifier {
  private readonly strategy: Strategy;

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
        secretOrKeyProvider: (_req: unknown, rawJwt: string, done: (err: unknown, key?: string) => void) => {
          const kid = decodeJws(rawJwt)?.header.kid;
          if (typeof kid !== 'string') return done(null, undefined);
          keys.verificationKey(kid).then((key) => done(null, key ?? undefined), done);
        },
      },
      (payload: { sub?: unknown }, done: (err: unknown, user?: Actor | false) => void) => {
        if (typeof payload.sub !== 'string') return done(null, false);
        this.actors.forClient(payload.sub).then((actor) => done(null, actor ?? false), done);
      },
    );
  }

  verify(request: { headers: Record<string, string | string[] | undefined> }): Promise<Verification> {
    const presented = typeof request.headers.authorization === 'string';
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
