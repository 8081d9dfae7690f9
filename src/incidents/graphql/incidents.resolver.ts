import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { Actor } from '../../auth/actor';
import { CurrentActor } from '../../auth/current-actor.decorator';
import { RequireRoles } from '../../auth/roles.guard';
import type { Connection } from '../../common/graphql/pagination';
import type { IncidentStatus } from '../incident.model';
import { IncidentsService } from '../incidents.service';
import { IncidentMapper } from './incident.mapper';
import { CreateIncidentInput, Incident, IncidentConnection, IncidentsArgs, IncidentStatusEnum, UpdateIncidentInput } from './incident.types';

@Resolver()
export class IncidentsResolver {
  constructor(private readonly service: IncidentsService) {}

  @Mutation(() => Incident, { description: 'ANALYST: record an incident; it is numbered and mirrored as a STIX incident.' })
  @RequireRoles('ANALYST')
  async createIncident(@Args('input') input: CreateIncidentInput, @CurrentActor() actor: Actor): Promise<Incident> {
    return IncidentMapper.toIncident(await this.service.create(actor, input));
  }

  @Mutation(() => Incident, { description: 'ANALYST of the reporting partner (any field, marking or audience) or of HOME (fields; the marking and audience stay the reporter\'s).' })
  @RequireRoles('ANALYST')
  async updateIncident(@Args('id', { type: () => ID }) id: string, @Args('input') input: UpdateIncidentInput, @CurrentActor() actor: Actor): Promise<Incident> {
    return IncidentMapper.toIncident(await this.service.update(actor, id, input));
  }

  @Mutation(() => Incident, { description: 'ANALYST of the reporting partner or of HOME: move the incident through its workflow.' })
  @RequireRoles('ANALYST')
  async transitionIncident(
    @Args('id', { type: () => ID }) id: string,
    @Args('to', { type: () => IncidentStatusEnum }) to: IncidentStatus,
    @CurrentActor() actor: Actor,
  ): Promise<Incident> {
    return IncidentMapper.toIncident(await this.service.transition(actor, id, to));
  }

  @Mutation(() => Incident, { description: 'ANALYST of the reporting partner or of HOME: link STIX objects you can see.' })
  @RequireRoles('ANALYST')
  async linkObjects(@Args('id', { type: () => ID }) id: string, @Args('stixIds', { type: () => [String] }) stixIds: string[], @CurrentActor() actor: Actor): Promise<Incident> {
    return IncidentMapper.toIncident(await this.service.linkObjects(actor, id, stixIds));
  }

  @Query(() => Incident, { description: 'By id or reference; NOT_FOUND when it does not exist or is not yours to see.' })
  async incident(
    @CurrentActor() actor: Actor,
    @Args('id', { type: () => ID, nullable: true }) id?: string,
    @Args('reference', { type: () => String, nullable: true }) reference?: string,
  ): Promise<Incident> {
    return IncidentMapper.toIncident(await this.service.get(actor, { id, reference }));
  }

  @Query(() => IncidentConnection, { description: 'Incidents you may see, newest first.' })
  async incidents(@Args() args: IncidentsArgs, @CurrentActor() actor: Actor): Promise<Connection<Incident>> {
    const page = await this.service.list(actor, args.filter ?? {}, args.first, args.after);
    return { ...page, edges: page.edges.map((e) => ({ cursor: e.cursor, node: IncidentMapper.toIncident(e.node) })) };
  }
}
