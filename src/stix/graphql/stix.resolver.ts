import { Args, Context, Int, Mutation, Query, Resolver, Subscription } from '@nestjs/graphql';
import type { Actor } from '../../auth/actor';
import { CurrentActor } from '../../auth/current-actor.decorator';
import { RequireRoles } from '../../auth/roles.guard';
import { JsonScalar } from '../../common/graphql/json.scalar';
import { PageArgs, type Connection } from '../../common/graphql/pagination';
import type { SubscriptionConnection } from '../../auth/websocket-authenticator.service';
import { AppError } from '../../common/errors/app-error';
import type { ViewedObject } from '../store/stix-query.service';
import { StixStoreService } from '../store/stix-store.service';
import { StixSubscriptionService } from '../subscriptions/stix-subscriptions.service';
import { StixMapper } from './stix.mapper';
import { StixFilterInput, StixObject, StixObjectConnection, SubmitBundleInput, SubmitBundleResult } from './stix.types';

@Resolver()
export class StixResolver {
  constructor(
    private readonly store: StixStoreService,
    private readonly subscriptions: StixSubscriptionService,
  ) {}

  @Mutation(() => SubmitBundleResult, { description: 'ANALYST or SYNC: store a STIX 2.1 bundle (all or nothing unless partial).' })
  @RequireRoles('ANALYST', 'SYNC')
  submitBundle(@Args('input') input: SubmitBundleInput, @CurrentActor() actor: Actor): Promise<SubmitBundleResult> {
    return this.store.submitBundle(actor, input);
  }

  @Mutation(() => StixObject, { description: 'ANALYST: revoke an object you created (a new, revoked version).' })
  @RequireRoles('ANALYST')
  async revokeObject(@Args('id') id: string, @CurrentActor() actor: Actor): Promise<StixObject> {
    return StixMapper.toStixObject(await this.store.revoke(actor, id));
  }

  @Query(() => StixObject, { description: 'The latest version of an object; NOT_FOUND when it does not exist or is not yours to see.' })
  async stixObject(@Args('id') id: string, @CurrentActor() actor: Actor): Promise<StixObject> {
    return StixMapper.toStixObject(await this.store.get(actor, id));
  }

  @Query(() => StixObjectConnection, { description: 'Latest versions you may see, newest first.' })
  async stixObjects(
    @Args() page: PageArgs,
    @CurrentActor() actor: Actor,
    @Args('filter', { type: () => StixFilterInput, nullable: true }) filter?: StixFilterInput,
  ): Promise<Connection<StixObject>> {
    const connection = await this.store.list(actor, filter, page.first, page.after);
    return { ...connection, edges: connection.edges.map((e) => ({ cursor: e.cursor, node: StixMapper.toStixObject(e.node) })) };
  }

  @Query(() => [StixObject], { description: 'Every version of an object you may see, newest first.' })
  async stixObjectVersions(@Args('id') id: string, @CurrentActor() actor: Actor): Promise<StixObject[]> {
    return (await this.store.versions(actor, id)).map(StixMapper.toStixObject);
  }

  @Query(() => [StixObject], { description: 'Current objects you may see that mention an IP (or range), domain, URL, e-mail or hash, and their sightings.' })
  async lookupObservable(
    @Args('value') value: string,
    @CurrentActor() actor: Actor,
    @Args('first', { type: () => Int, nullable: true }) first?: number,
  ): Promise<StixObject[]> {
    return (await this.store.lookupObservable(actor, value, first ?? undefined)).map(StixMapper.toStixObject);
  }

  @Query(() => [StixObject], { description: 'Current relationships you may see from or to an object, newest first (optionally of some relationship_types).' })
  async relationships(
    @Args('objectId') objectId: string,
    @CurrentActor() actor: Actor,
    @Args('relationshipTypes', { type: () => [String], nullable: true }) relationshipTypes?: string[],
    @Args('first', { type: () => Int, nullable: true }) first?: number,
  ): Promise<StixObject[]> {
    return (await this.store.relationships(actor, objectId, relationshipTypes, first ?? undefined)).map(StixMapper.toStixObject);
  }

  @Query(() => JsonScalar, { description: 'A STIX 2.1 bundle of the latest objects you may see that match the filter.' })
  exportBundle(@CurrentActor() actor: Actor, @Args('filter', { type: () => StixFilterInput, nullable: true }) filter?: StixFilterInput): Promise<Record<string, unknown>> {
    return this.store.exportBundle(actor, filter);
  }

  @Subscription(() => StixObject, {
    description: 'New current versions you may see (redacted as in queries) that match the filter, as they are stored. graphql-ws on /graphql; authenticate with connectionParams.authorization.',
    resolve: (value: ViewedObject) => StixMapper.toStixObject(value),
  })
  stixObjectAdded(
    @CurrentActor() actor: Actor,
    @Context('connection') connection: SubscriptionConnection | undefined,
    @Args('filter', { type: () => StixFilterInput, nullable: true }) filter?: StixFilterInput,
  ): Promise<AsyncIterableIterator<ViewedObject>> {
    if (!connection) throw AppError.badInput('subscriptions are served over graphql-ws (WebSocket) on /graphql');
    return this.subscriptions.subscribe(actor, filter, connection);
  }
}
