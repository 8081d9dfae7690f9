import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy, type VerifiedCallback } from 'passport-jwt';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import type { Actor } from './actor';
import { ActorService } from './actor.service';
import { decodeJws } from './jws';
import { SigningKeysService } from './signing-keys.service';

/**
 * Verifies our own access tokens with passport-jwt: ES256 only (so `none` and HS256-with-the-public-key fail),
 * our issuer and audience, expiry and not-before enforced, the key chosen by `kid` among our published keys.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    keys: SigningKeysService,
    private readonly actors: ActorService,
  ) {
    super({
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
    });
  }

  async validate(payload: { sub?: unknown }, done?: VerifiedCallback): Promise<Actor | false> {
    void done;
    if (typeof payload.sub !== 'string') return false;
    return (await this.actors.forClient(payload.sub)) ?? false;
  }
}
