import { Args, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { Actor } from '../../auth/actor';
import { CurrentActor } from '../../auth/current-actor.decorator';
import { RequireRoles } from '../../auth/roles.guard';
import { PartnersService } from '../../partners/partners.service';
import type { Peer as PeerRow, QuarantinedObject as QuarantineRow } from '../peer.types';
import { PeersService } from '../peers.service';
import { QuarantineService } from '../quarantine.service';
import { SyncRunner } from '../sync-runner.service';
import { SyncStatusService } from '../sync-status.service';
import { Peer, PeerInput, PeerSyncRequest, PeerSyncStatus, QuarantinedObject } from './peer.types';

/** Peer synchronisation, for the home CERT's admins only (PeersService checks HOME on every call). */
@Resolver()
export class PeersResolver {
  constructor(
    private readonly peerService: PeersService,
    private readonly partners: PartnersService,
    private readonly runner: SyncRunner,
    private readonly status: SyncStatusService,
    private readonly quarantine: QuarantineService,
  ) {}

  @Query(() => [Peer], { description: 'HOME ADMIN: the peers this exchange synchronises with.' })
  @RequireRoles('ADMIN')
  async peers(@CurrentActor() actor: Actor): Promise<Peer[]> {
    return this.toPeers(await this.peerService.list(actor));
  }

  @Query(() => [PeerSyncStatus], { description: 'HOME ADMIN: last success, lag, objects in and out, errors and quarantine of one peer (id or name), or of all.' })
  @RequireRoles('ADMIN')
  async peerSyncStatus(@CurrentActor() actor: Actor, @Args('peer', { type: () => String, nullable: true }) peer?: string | null): Promise<PeerSyncStatus[]> {
    const statuses = await this.status.statuses(actor, peer ?? null);
    const peers = await this.toPeers(statuses.map((s) => s.peer));
    return statuses.map((s, i) => ({ ...s, peer: peers[i]! }));
  }

  @Query(() => [QuarantinedObject], { description: 'HOME ADMIN: objects held in quarantine, oldest first.' })
  @RequireRoles('ADMIN')
  async quarantinedObjects(
    @CurrentActor() actor: Actor,
    @Args('peer', { type: () => String, nullable: true }) peer?: string | null,
    @Args('first', { type: () => Int, nullable: true }) first?: number | null,
  ): Promise<QuarantinedObject[]> {
    return this.toQuarantined(actor, await this.quarantine.list(actor, peer ?? null, Math.min(Math.max(first ?? 100, 1), 1000)));
  }

  @Mutation(() => Peer, { description: 'HOME ADMIN: link a peer. With PRIVATE_KEY_JWT a key pair is generated: give publicJwks to the peer.' })
  @RequireRoles('ADMIN')
  async createPeer(@Args('input') input: PeerInput, @CurrentActor() actor: Actor): Promise<Peer> {
    return (await this.toPeers([await this.peerService.create(actor, input)]))[0]!;
  }

  @Mutation(() => Peer, { description: 'HOME ADMIN: change a peer; omitted fields stay as they are, a new clientSecret replaces the stored one.' })
  @RequireRoles('ADMIN')
  async updatePeer(@Args('peer') peer: string, @Args('input') input: PeerInput, @CurrentActor() actor: Actor): Promise<Peer> {
    return (await this.toPeers([await this.peerService.update(actor, peer, input)]))[0]!;
  }

  @Mutation(() => Peer, { description: 'HOME ADMIN: a new key pair for a PRIVATE_KEY_JWT peer (register the new publicJwks with the peer).' })
  @RequireRoles('ADMIN')
  async rotatePeerKey(@Args('peer') peer: string, @CurrentActor() actor: Actor): Promise<Peer> {
    return (await this.toPeers([await this.peerService.rotateKey(actor, peer)]))[0]!;
  }

  @Mutation(() => Boolean, { description: 'HOME ADMIN: unlink a peer (its cursors, quarantine and run history go with it; objects stay).' })
  @RequireRoles('ADMIN')
  removePeer(@Args('peer') peer: string, @CurrentActor() actor: Actor): Promise<boolean> {
    return this.peerService.remove(actor, peer);
  }

  @Mutation(() => PeerSyncRequest, { description: 'HOME ADMIN: sync a peer now (queued when background jobs run, else run at once).' })
  @RequireRoles('ADMIN')
  async runPeerSync(@Args('peerId', { type: () => ID }) peerId: string, @CurrentActor() actor: Actor): Promise<PeerSyncRequest> {
    this.peerService.assertHome(actor);
    return this.runner.request(actor, peerId, 'MANUAL');
  }

  @Mutation(() => QuarantinedObject, { description: 'HOME ADMIN: put a quarantined object through the ingest again (after fixing the cause).' })
  @RequireRoles('ADMIN')
  async retryQuarantinedObject(@Args('id', { type: () => ID }) id: string, @CurrentActor() actor: Actor): Promise<QuarantinedObject> {
    return (await this.toQuarantined(actor, [await this.quarantine.retry(actor, id)]))[0]!;
  }

  @Mutation(() => QuarantinedObject, { description: 'HOME ADMIN: drop a quarantined object for good (audited).' })
  @RequireRoles('ADMIN')
  async discardQuarantinedObject(@Args('id', { type: () => ID }) id: string, @CurrentActor() actor: Actor): Promise<QuarantinedObject> {
    return (await this.toQuarantined(actor, [await this.quarantine.discard(actor, id)]))[0]!;
  }

  private async toPeers(rows: readonly PeerRow[]): Promise<Peer[]> {
    const partners = new Map((await this.partners.findByIds([...new Set(rows.map((p) => p.partnerId))])).map((p) => [p.id, p.shortName]));
    return rows.map((p) => ({
      id: p.id, name: p.name, partnerShortName: partners.get(p.partnerId) ?? '?', baseUrl: p.baseUrl, apiRoot: p.apiRoot, collections: p.collections,
      pushCollection: p.pushCollection, direction: p.direction, authMethod: p.authMethod, clientId: p.clientId, hasSecret: p.secretSealed !== null,
      publicJwks: p.publicJwk ? { keys: [p.publicJwk] } : null, tokenUrl: p.tokenUrl, schedule: p.schedule, nextRunAt: p.nextRunAt, pageSize: p.pageSize,
      egressTypes: p.egressTypes, egressMaxTlp: p.egressMaxTlp, remoteIdentity: p.remoteIdentity, enabled: p.enabled, createdAt: p.createdAt, updatedAt: p.updatedAt,
    }));
  }

  private async toQuarantined(actor: Actor, rows: readonly QuarantineRow[]): Promise<QuarantinedObject[]> {
    const names = new Map((await this.peerService.list(actor)).map((p) => [p.id, p.name]));
    return rows.map((q) => ({ id: q.id, peerName: names.get(q.peerId) ?? '?', collection: q.collection, stixId: q.stixId, object: q.object, reason: q.reason, status: q.status, receivedAt: q.receivedAt }));
  }
}
