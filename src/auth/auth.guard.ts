import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuditService } from '../audit/audit.service';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { unauthenticated } from './auth-errors';
import { requestOf } from './current-actor.decorator';
import { DenialSampler } from './denial-sampler';
import { JwtVerifier } from './jwt-verifier.service';
import { IS_PUBLIC } from './public.decorator';

/**
 * Global: every route and resolver needs a valid token unless marked @Public(). All token failures
 * (missing, expired, wrong signature, wrong audience, suspended) give the same UNAUTHENTICATED answer;
 * a presented-but-rejected token is audited with the reason — sampled per source address and reason, so a
 * flood of bad tokens cannot turn into a flood of audit writes.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly denials: DenialSampler;

  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: JwtVerifier,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.denials = new DenialSampler(config.auth.failureWindowSeconds * 1000);
  }

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
      const { record, suppressed } = this.denials.sample(`${request.ip ?? '?'} ${result.reason}`);
      const details = suppressed > 0 ? { reason: result.reason, alsoDeniedSinceLastRecord: suppressed } : { reason: result.reason };
      if (record) await this.audit.recordStandalone({ action: 'auth.denied', actor: null, outcome: 'denied', targetIds: [], details }).catch(() => undefined);
    }
    throw unauthenticated();
  }
}
