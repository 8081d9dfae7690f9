import type { IncomingMessage } from 'node:http';
import { Inject, Injectable } from '@nestjs/common';
import type { WebSocket } from 'ws';
import { AuditService } from '../audit/audit.service';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import type { Actor } from './actor';
import { DenialSampler } from './denial-sampler';
import { decodeJws } from './jws';
import { JwtVerifier } from './jwt-verifier.service';

/** WebSocket close codes (graphql-ws's own numbers for the same meanings). */
export const WS_CLOSE = { UNAUTHORIZED: 4401, FORBIDDEN: 4403 } as const;

/** One authenticated graphql-ws connection: who opened it, and how to end it. */
export interface SubscriptionConnection {
  readonly actor: Actor;
  readonly token: string;
  readonly sourceAddress?: string;
  close(code: number, reason: string): void;
}

/**
 * The GraphQL context of an operation over graphql-ws, shaped like an HTTP request's (`req.headers`), so
 * the global AuthGuard and `@CurrentActor()` work unchanged for subscriptions.
 */
export interface WebSocketGraphqlContext {
  readonly req: { headers: Record<string, string>; user?: Actor; ip?: string };
  readonly connection: SubscriptionConnection;
}

const BEARER = /^Bearer\s+(\S+)$/i;

/**
 * Authenticates a graphql-ws connection when it opens (`connection_init`): the same Bearer access token as
 * over HTTP, given as `connectionParams.authorization`, verified by the same JwtVerifier (so the live actor
 * cache, suspension and trust changes apply). A connection without a valid token is closed 4401 with a
 * message saying what to send; a rejected token is audited like over HTTP (sampled per address and reason). The connection is also closed
 * when its token expires, so a subscription never outlives the credential that opened it.
 */
@Injectable()
export class WebSocketAuthenticator {
  private readonly denials: DenialSampler;

  constructor(
    private readonly verifier: JwtVerifier,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.denials = new DenialSampler(config.auth.failureWindowSeconds * 1000);
  }

  async connect(params: Readonly<Record<string, unknown>> | undefined, socket: WebSocket, request: IncomingMessage): Promise<SubscriptionConnection | null> {
    const given = params?.authorization ?? params?.Authorization;
    const authorization = typeof given === 'string' ? given : undefined;
    const sourceAddress = request.socket.remoteAddress;
    const result = await this.verifier.verify({ headers: authorization ? { authorization } : {} });
    const token = authorization ? BEARER.exec(authorization)?.[1] : undefined;
    if (!result.actor || !token) {
      if (authorization) await this.recordDenial(result.actor ? 'not a Bearer token' : result.reason, sourceAddress);
      socket.close(WS_CLOSE.UNAUTHORIZED, 'Unauthorized: connectionParams.authorization must be "Bearer <valid access token>"');
      return null;
    }
    const exp = decodeJws(token)?.payload.exp;
    if (typeof exp === 'number') {
      const timer = setTimeout(() => socket.close(WS_CLOSE.UNAUTHORIZED, 'Unauthorized: the access token expired; connect again with a new one'), Math.max(0, exp * 1000 - Date.now()));
      timer.unref();
      socket.once('close', () => clearTimeout(timer));
    }
    return { actor: result.actor, token, sourceAddress, close: (code, reason) => socket.close(code, reason) };
  }

  private async recordDenial(reason: string, sourceAddress: string | undefined): Promise<void> {
    const { record, suppressed } = this.denials.sample(`${sourceAddress ?? '?'} ${reason}`);
    if (!record) return;
    const details = suppressed > 0 ? { reason, alsoDeniedSinceLastRecord: suppressed } : { reason };
    await this.audit.recordStandalone({ action: 'auth.denied', actor: null, outcome: 'denied', targetIds: [], channel: 'graphql', sourceAddress, details }).catch(() => undefined);
  }

  /** The per-operation context: the verified token again in `req.headers`, for the guard to check live. */
  context(connection: SubscriptionConnection): WebSocketGraphqlContext {
    return { req: { headers: { authorization: `Bearer ${connection.token}` }, ip: connection.sourceAddress }, connection };
  }
}
