import { Args, Field, Int, ObjectType, Query, Resolver } from '@nestjs/graphql';
import type { Actor } from '../../auth/actor';
import { CurrentActor } from '../../auth/current-actor.decorator';
import { AppError } from '../../common/errors/app-error';
import { PartnersService } from '../../partners/partners.service';
import { PolicyService } from '../../policy/policy.service';
import { StixStoreService } from '../../stix/store/stix-store.service';
import { AuditService } from '../audit.service';

@ObjectType({ description: 'Someone who touched an object you created: who, when, how. Nothing else of the event.' })
export class AccessRecord {
  @Field({ description: 'ISO 8601 UTC with microseconds.' }) time!: string;
  @Field({ description: 'e.g. stix.read, stix.submit, case.pull, case.export.' }) action!: string;
  @Field() channel!: string;
  @Field() outcome!: string;
  @Field(() => String, { nullable: true, description: 'The partner that acted (null for the system or an operator at the console).' }) partnerShortName!: string | null;
}

/**
 * Transparency for contributors: the creator of an object (and HOME) sees who accessed it. Only who, when,
 * what and through which channel: an event's other targets, purpose or details may concern objects or
 * investigations the creator may not see.
 */
@Resolver()
export class AccessLogResolver {
  constructor(
    private readonly audit: AuditService,
    private readonly stix: StixStoreService,
    private readonly partners: PartnersService,
    private readonly policy: PolicyService,
  ) {}

  @Query(() => [AccessRecord], { description: 'Who accessed an object you created, newest first. NOT_FOUND for objects you did not create.' })
  async accessLog(
    @CurrentActor() actor: Actor,
    @Args('objectId') objectId: string,
    @Args('first', { type: () => Int, nullable: true }) first?: number,
  ): Promise<AccessRecord[]> {
    if (!this.policy.isHome(actor) && !(await this.stix.createdBy(actor, objectId))) throw AppError.notFound('STIX object', objectId);
    const page = await this.audit.accessLog(objectId, first);
    const events = page.edges.map((e) => e.node);
    const ids = [...new Set(events.map((e) => e.partnerId).filter((id): id is string => id !== null))];
    const names = new Map((await this.partners.findByIds(ids)).map((p) => [p.id, p.shortName]));
    return events.map((e) => ({ time: e.time, action: e.action, channel: e.channel, outcome: e.outcome, partnerShortName: e.partnerId ? (names.get(e.partnerId) ?? null) : null }));
  }
}
