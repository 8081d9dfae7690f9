import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import jwt from 'jsonwebtoken';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { SigningKeysService } from './signing-keys.service';

export interface IssuedToken {
  readonly access_token: string;
  readonly token_type: 'Bearer';
  readonly expires_in: number;
}

/** The claims we put in an access token: who the client is, nothing about what it may see (that is looked up live). */
export interface AccessTokenClaims {
  sub: string;
  partner: string;
  iss: string;
  aud: string;
  jti: string;
  iat: number;
  exp: number;
}

@Injectable()
export class TokenService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly keys: SigningKeysService,
  ) {}

  async issue(clientId: string, partnerId: string): Promise<IssuedToken> {
    const key = await this.keys.active();
    const ttl = this.config.auth.tokenTtlSeconds;
    const token = jwt.sign({ partner: partnerId }, key.privateKeyPem, {
      algorithm: 'ES256',
      keyid: key.kid,
      issuer: this.config.auth.issuer,
      audience: this.config.auth.audience,
      subject: clientId,
      expiresIn: ttl,
      jwtid: randomUUID(),
    });
    return { access_token: token, token_type: 'Bearer', expires_in: ttl };
  }
}
