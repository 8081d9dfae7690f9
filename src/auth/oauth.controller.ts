import { Body, Controller, Get, Header, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AuditService } from '../audit/audit.service';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { AuthFailure } from './auth-errors';
import { AuthRateLimiter } from './auth-rate-limiter';
import { ClientAuthenticator, type AuthenticatedClient } from './client-authenticator.service';
import { Public } from './public.decorator';
import { SigningKeysService } from './signing-keys.service';
import { TokenService, type IssuedToken } from './token.service';

const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

type TokenRequest = Record<string, string | undefined>;

interface OAuthError {
  error: 'invalid_request' | 'invalid_client' | 'unsupported_grant_type';
  error_description: string;
}

function basicCredentials(header: string | undefined): { id: string; secret: string } | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(header ?? '');
  if (!match) return undefined;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  // RFC 6749 §2.3.1: both parts are form-urlencoded inside Basic.
  return { id: decodeURIComponent(decoded.slice(0, colon)), secret: decodeURIComponent(decoded.slice(colon + 1)) };
}

/** OAuth 2.0 client-credentials grant (RFC 6749 §4.4) with secrets or private_key_jwt (RFC 7523), and our JWKS. */
@Controller()
@Public()
export class OAuthController {
  private readonly limiter: AuthRateLimiter;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly authenticator: ClientAuthenticator,
    private readonly tokens: TokenService,
    private readonly keys: SigningKeysService,
    private readonly audit: AuditService,
  ) {
    this.limiter = new AuthRateLimiter(config.auth.failureLimit, config.auth.failureWindowSeconds * 1000);
  }

  @Get('.well-known/jwks.json')
  @Header('Cache-Control', 'public, max-age=300')
  jwks(): Promise<{ keys: Record<string, unknown>[] }> {
    return this.keys.jwks();
  }

  @Post('oauth/token')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @Header('Pragma', 'no-cache')
  async token(@Body() body: TokenRequest | undefined, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<IssuedToken | OAuthError> {
    const form = body && typeof body === 'object' ? body : {};
    const basic = basicCredentials(req.headers.authorization);
    const fail = (status: number, error: OAuthError['error'], description: string): OAuthError => {
      reply.status(status);
      if (status === 401 && basic) reply.header('WWW-Authenticate', 'Basic realm="cert-exchange"');
      return { error, error_description: description };
    };
    if (form.grant_type !== 'client_credentials') return fail(400, 'unsupported_grant_type', 'only grant_type=client_credentials is supported');
    const assertion = form.client_assertion_type === ASSERTION_TYPE ? form.client_assertion : undefined;
    const clientId = basic?.id ?? form.client_id ?? (assertion ? undefined : '');
    if (!assertion && (!clientId || !(basic?.secret ?? form.client_secret))) {
      return fail(400, 'invalid_request', 'client credentials are required (HTTP Basic, client_id/client_secret, or client_assertion)');
    }
    const limitKeys = [`ip:${req.ip}`, ...(clientId ? [`client:${clientId}`] : [])];
    const wait = this.limiter.retryAfter(limitKeys);
    if (wait > 0) {
      reply.header('Retry-After', String(wait));
      await this.audit.recordStandalone({ action: 'auth.rate-limited', actor: null, outcome: 'denied', targetIds: clientId ? [clientId] : [], details: { retryAfterSeconds: wait } });
      return fail(429, 'invalid_client', `too many failed attempts; retry after ${wait} seconds`);
    }
    let authenticated: AuthenticatedClient;
    try {
      authenticated = assertion ? await this.authenticator.withAssertion(assertion) : await this.authenticator.withSecret(clientId!, (basic?.secret ?? form.client_secret)!);
    } catch (error) {
      if (!(error instanceof AuthFailure)) throw error;
      this.limiter.fail([...new Set(error.clientId ? [...limitKeys, `client:${error.clientId}`] : limitKeys)]);
      await this.audit.recordStandalone({ action: 'auth.denied', actor: null, outcome: 'denied', targetIds: error.clientId ? [error.clientId] : [], details: { reason: error.reason, method: assertion ? 'private_key_jwt' : 'client_secret' } });
      return fail(401, 'invalid_client', 'client authentication failed');
    }
    this.limiter.succeed(limitKeys);
    const { client, partner } = authenticated;
    const token = await this.tokens.issue(client.clientId, partner.id);
    await this.audit.recordStandalone({
      action: 'auth.token',
      outcome: 'ok',
      actor: { clientId: client.clientId, partnerId: partner.id },
      targetIds: [client.clientId],
      details: { method: assertion ? 'private_key_jwt' : 'client_secret', expiresIn: token.expires_in },
    });
    return token;
  }
}
