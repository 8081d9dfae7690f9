import { Inject } from '@nestjs/common';
import { Args, Query, Resolver } from '@nestjs/graphql';
import type { Actor } from '../../auth/actor';
import { CurrentActor } from '../../auth/current-actor.decorator';
import { RequireRoles } from '../../auth/roles.guard';
import type { Connection } from '../../common/graphql/pagination';
import type { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { AuditService } from '../audit.service';
import type { AuditEvent, VerifyResult } from '../audit-event.types';
import { AuditEventConnection, AuditEventNode, AuditEventsArgs, AuditVerification } from './audit.types';

function toNode(e: AuditEvent): AuditEventNode {
  return { ...e, targetIds: [...e.targetIds], details: e.details };
}

export function toVerification(r: VerifyResult): AuditVerification {
  return r.ok
    ? { ok: true, count: r.count, headSequence: r.headSequence, headHash: r.headHash, brokenAt: null, reason: null, expected: null, actual: null }
    : { ok: false, count: null, headSequence: null, headHash: null, brokenAt: r.brokenAt, reason: r.reason, expected: r.expected, actual: r.actual };
}

/** HOME admins read and verify the trail. (Partners' view of who accessed their objects comes with the store.) */
@Resolver()
export class AuditResolver {
  constructor(
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Query(() => AuditEventConnection, { description: 'ADMIN: search the audit trail, newest first.' })
  @RequireRoles('ADMIN')
  async auditEvents(@Args() { filter, first, after }: AuditEventsArgs): Promise<Connection<AuditEventNode>> {
    const page = await this.audit.search(
      { actorClientId: filter?.actor, partnerId: filter?.partner, action: filter?.action, target: filter?.target, from: filter?.from, to: filter?.to, outcome: filter?.outcome },
      first,
      after,
    );
    return { edges: page.edges.map((e) => ({ node: toNode(e.node), cursor: e.cursor })), pageInfo: page.pageInfo };
  }

  @Query(() => AuditVerification, { description: 'ADMIN: walk the hash chain and its anchors; the first broken link, or the head.' })
  @RequireRoles('ADMIN')
  async auditVerify(@CurrentActor() actor: Actor): Promise<AuditVerification> {
    const result = await this.audit.verify({ anchorFile: this.config.auditAnchorFile });
    await this.audit.recordStandalone({ action: 'audit.verify', outcome: 'ok', actor, targetIds: [], details: { intact: result.ok, ...(result.ok ? { headSequence: result.headSequence } : { brokenAt: result.brokenAt, reason: result.reason }) } });
    return toVerification(result);
  }
}
