import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { Actor } from '../../auth/actor';
import { ActorService } from '../../auth/actor.service';
import { CurrentActor } from '../../auth/current-actor.decorator';
import { RequireRoles } from '../../auth/roles.guard';
import { JsonScalar } from '../../common/graphql/json.scalar';
import { ClientsService } from '../clients.service';
import { PartnersService } from '../partners.service';
import { CreateClientInput, CreatePartnerInput, UpdatePartnerInput } from './partner.inputs';
import { PartnerMapper } from './partner.mapper';
import { ApiClient, IssuedClientCredentials, Me, Partner, PartnerDirectoryEntry } from './partner.types';

@Resolver()
export class PartnersResolver {
  constructor(
    private readonly partnerService: PartnersService,
    private readonly clients: ClientsService,
    private readonly actors: ActorService,
  ) {}

  @Query(() => Me, { description: 'Who the token belongs to.' })
  me(@CurrentActor() actor: Actor): Me {
    // Everything but the partner's display name is on the actor already: no query unless that is asked for.
    return {
      clientId: actor.clientId,
      roles: [...actor.roles],
      partnerShortName: actor.partnerShortName,
      partnerKind: actor.partnerKind,
      trust: actor.trust,
      groups: [...actor.groups],
      identityRef: actor.identityRef,
    };
  }

  @Query(() => [PartnerDirectoryEntry], { description: 'The partners of this exchange: names and kinds only.' })
  async partnerDirectory(): Promise<PartnerDirectoryEntry[]> {
    return (await this.partnerService.list()).filter((p) => p.status === 'ACTIVE').map(PartnerMapper.toDirectoryEntry);
  }

  @Query(() => [Partner], { description: 'ADMIN: every partner with its trust, groups and status.' })
  @RequireRoles('ADMIN')
  async partners(): Promise<Partner[]> {
    return (await this.partnerService.list()).map(PartnerMapper.toPartner);
  }

  @Query(() => [ApiClient], { description: 'ADMIN: the API clients of a partner.' })
  @RequireRoles('ADMIN')
  async partnerClients(@Args('shortName') shortName: string): Promise<ApiClient[]> {
    const partner = await this.partnerService.getByShortName(shortName);
    return (await this.partnerService.clientsOf([partner.id])).map(PartnerMapper.toClient);
  }

  @Mutation(() => Partner)
  @RequireRoles('ADMIN')
  async createPartner(@Args('input') input: CreatePartnerInput, @CurrentActor() actor: Actor): Promise<Partner> {
    return PartnerMapper.toPartner(await this.partnerService.create(input, actor));
  }

  @Mutation(() => Partner, { description: 'ADMIN: change name, trust, groups or country; before and after are audited.' })
  @RequireRoles('ADMIN')
  async updatePartner(@Args('input') input: UpdatePartnerInput, @CurrentActor() actor: Actor): Promise<Partner> {
    const { shortName, newShortName, ...changes } = input;
    const updated = await this.partnerService.update(shortName, { ...changes, shortName: newShortName }, actor);
    this.actors.forget();
    return PartnerMapper.toPartner(updated);
  }

  @Mutation(() => Partner, { description: 'ADMIN: cut a partner off; its tokens stop working within seconds.' })
  @RequireRoles('ADMIN')
  async suspendPartner(@Args('shortName') shortName: string, @CurrentActor() actor: Actor): Promise<Partner> {
    const partner = await this.partnerService.suspend(shortName, actor);
    this.actors.forget();
    return PartnerMapper.toPartner(partner);
  }

  @Mutation(() => Partner)
  @RequireRoles('ADMIN')
  async reactivatePartner(@Args('shortName') shortName: string, @CurrentActor() actor: Actor): Promise<Partner> {
    const partner = await this.partnerService.reactivate(shortName, actor);
    this.actors.forget();
    return PartnerMapper.toPartner(partner);
  }

  @Mutation(() => IssuedClientCredentials, { description: 'ADMIN: a new API client; the secret is shown once.' })
  @RequireRoles('ADMIN')
  async createClient(@Args('input') input: CreateClientInput, @CurrentActor() actor: Actor): Promise<IssuedClientCredentials> {
    const { client, clientSecret } = await this.clients.create(input, actor);
    return { clientId: client.clientId, clientSecret: clientSecret ?? null, client: PartnerMapper.toClient(client) };
  }

  @Mutation(() => IssuedClientCredentials, { description: 'ADMIN: a new secret; the old one works for the grace period.' })
  @RequireRoles('ADMIN')
  async rotateClientSecret(@Args('clientId') clientId: string, @CurrentActor() actor: Actor): Promise<IssuedClientCredentials> {
    const { client, clientSecret } = await this.clients.rotateSecret(clientId, actor);
    return { clientId: client.clientId, clientSecret: clientSecret ?? null, client: PartnerMapper.toClient(client) };
  }

  @Mutation(() => ApiClient)
  @RequireRoles('ADMIN')
  async suspendClient(@Args('clientId') clientId: string, @CurrentActor() actor: Actor): Promise<ApiClient> {
    const client = await this.clients.suspend(clientId, actor);
    this.actors.forget();
    return PartnerMapper.toClient(client);
  }

  @Mutation(() => ApiClient, { description: 'ADMIN: register the public keys a peer signs its client assertions with.' })
  @RequireRoles('ADMIN')
  async setClientKeys(@Args('clientId') clientId: string, @Args('jwks', { type: () => JsonScalar }) jwks: unknown, @CurrentActor() actor: Actor): Promise<ApiClient> {
    return PartnerMapper.toClient(await this.clients.setKeys(clientId, jwks, actor));
  }
}
