import { Injectable, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard as PassportGuard } from '@nestjs/passport';
import { AuditService } from '../audit/audit.service';
import type { Actor } from './actor';
import { unauthenticated } from './auth-errors';
import { requestOf } from './current-actor.decorator';
import { IS_PUBLIC } from './public.decorator';

/**
 * Global: every route and resolver needs a valid token unless marked @Public(). All token failures
 * (missing, expired, wrong signature, wrong audience, suspended) give the same UNAUTHENTICATED answer;
 * a presented-but-rejected token is audited.
 */
@Injectable()
export class AuthGuard extends PassportGuard('jwt') {
  constructor(
    private readonly reflector: Reflector,
    private readonly audit: AuditService,
  ) {
    super();
  }

  override canActivate(context: ExecutionContext) {
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()]);
    if (isPublic) return true;
    return super.canActivate(context);
  }

  override getRequest(context: ExecutionContext) {
    return requestOf(context);
  }

  override handleRequest<T = Actor>(err: unknown, user: T | false, info: unknown, context: ExecutionContext): T {
    if (err || !user) {
      const presented = typeof requestOf(context).headers.authorization === 'string';
      if (presented) {
        const reason = info instanceof Error ? info.message : 'client or partner not active';
        void this.audit.recordStandalone({ action: 'auth.denied', actor: null, outcome: 'denied', targetIds: [], details: { reason } }).catch(() => undefined);
      }
      throw unauthenticated();
    }
    return user;
  }
}
