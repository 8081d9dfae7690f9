import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuditService } from '../audit/audit.service';
import { unauthenticated } from './auth-errors';
import { requestOf } from './current-actor.decorator';
import { JwtVerifier } from './jwt-verifier.service';
import { IS_PUBLIC } from './public.decorator';

/**
 * Global: every route and resolver needs a valid token unless marked @Public(). All token failures
 * (missing, expired, wrong signature, wrong audience, suspended) give the same UNAUTHENTICATED answer;
 * a presented-but-rejected token is audited with the reason.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: JwtVerifier,
    private readonly audit: AuditService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()]);
    if (isPublic) return true;
    const request = requestOf(context);
    const result = await this.verifier.verify(request);
    if (result.actor) {
      request.user = result.actor;
      return true;
    }
    if (result.presented) {
      await this.audit.recordStandalone({ action: 'auth.denied', actor: null, outcome: 'denied', targetIds: [], details: { reason: result.reason } }).catch(() => undefined);
    }
    throw unauthenticated();
  }
}
