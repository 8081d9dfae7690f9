import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { AppError } from '../common/errors/app-error';
import { ActorTransactions } from '../database/actor-transaction.service';
import { PartnersService } from '../partners/partners.service';
import { StixStoreService } from '../stix/store/stix-store.service';
import type { QuarantinedObject } from './peer.types';
import { PeersService } from './peers.service';
import { peerPartnerActor } from './sync-actors';
import { SyncRepository } from './sync.repository';

/**
 * Objects a pull could not store, held with the reason for HOME: retry one (after the cause was fixed,
 * e.g. a partner's identity corrected, it goes through the ingest again as the peer's partner) or discard it.
 */
@Injectable()
export class QuarantineService {
  constructor(
    private readonly tx: ActorTransactions,
    private readonly repository: SyncRepository,
    private readonly peers: PeersService,
    private readonly partners: PartnersService,
    private readonly store: StixStoreService,
    private readonly audit: AuditService,
  ) {}

  list(actor: Actor, peerIdOrName: string | null, limit: number): Promise<QuarantinedObject[]> {
    this.peers.assertHome(actor);
    return this.tx.read(actor, async (m) => {
      const peer = peerIdOrName ? await this.repository.peer(m, peerIdOrName) : null;
      if (peerIdOrName && !peer) throw AppError.notFound('Peer', peerIdOrName);
      return this.repository.quarantined(m, peer?.id ?? null, limit);
    });
  }

  async retry(actor: Actor, id: string): Promise<QuarantinedObject> {
    const item = await this.held(actor, id);
    const peer = await this.peers.get(actor, item.peerId);
    const [partner] = await this.partners.findByIds([peer.partnerId]);
    const peerActor = peerPartnerActor(partner!, peer.name);
    const bundle = { type: 'bundle', id: `bundle--${randomUUID()}`, objects: [item.object] };
    let outcome: 'ACCEPTED' | 'HELD' = 'HELD';
    let reason = item.reason;
    try {
      await this.store.submitBundle(peerActor, { bundle, partial: true }, 'sync', peer.id, async (m, result) => {
        if (result.rejected === 0) {
          outcome = 'ACCEPTED';
          await this.repository.resolveQuarantine(m, id, 'ACCEPTED');
        }
        else reason = result.rejections.map((r) => `${r.code} ${r.path}: ${r.message}`).join('; ').slice(0, 2000);
      });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      reason = error.message.slice(0, 2000);
    }
    await this.tx.run(actor, async (m) => {
      if (outcome === 'HELD') await this.repository.updateQuarantineReason(m, id, reason);
      await this.audit.record(m, { action: 'sync.quarantine', outcome: outcome === 'ACCEPTED' ? 'ok' : 'error', actor, targetIds: [id, ...(item.stixId ? [item.stixId] : [])], details: { peer: peer.name, operation: 'retry', result: outcome, reason: outcome === 'HELD' ? reason : null } });
    });
    return { ...item, status: outcome, reason };
  }

  async discard(actor: Actor, id: string): Promise<QuarantinedObject> {
    const item = await this.held(actor, id);
    await this.tx.run(actor, async (m) => {
      await this.repository.resolveQuarantine(m, id, 'DISCARDED');
      await this.audit.record(m, { action: 'sync.quarantine', outcome: 'ok', actor, targetIds: [id, ...(item.stixId ? [item.stixId] : [])], details: { operation: 'discard', reason: item.reason } });
    });
    return { ...item, status: 'DISCARDED' };
  }

  private async held(actor: Actor, id: string): Promise<QuarantinedObject> {
    this.peers.assertHome(actor);
    if (!/^[0-9a-f-]{36}$/.test(id)) throw AppError.notFound('QuarantinedObject', id);
    const item = await this.tx.read(actor, (m) => this.repository.quarantineItem(m, id));
    if (!item) throw AppError.notFound('QuarantinedObject', id);
    if (item.status !== 'HELD') throw AppError.badInput(`quarantined object ${id} was ${item.status.toLowerCase()} already`);
    return item;
  }
}
