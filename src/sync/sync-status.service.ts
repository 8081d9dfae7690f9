import { Injectable } from '@nestjs/common';
import type { Actor } from '../auth/actor';
import { AppError } from '../common/errors/app-error';
import { ActorTransactions } from '../database/actor-transaction.service';
import type { Peer, SyncRun } from './peer.types';
import { PeersService } from './peers.service';
import { SyncRepository } from './sync.repository';

export interface PeerStatus {
  readonly peer: Peer;
  readonly lastSuccessAt: Date | null;
  readonly lastRunAt: Date | null;
  readonly lastStatus: string | null;
  readonly lastError: string | null;
  readonly lagSeconds: number | null;
  readonly objectsIn: number;
  readonly objectsOut: number;
  readonly failedRuns: number;
  readonly quarantineSize: number;
  readonly recentRuns: SyncRun[];
}

/** peerSyncStatus and the metrics: a fixed number of statements whatever the number of peers. */
@Injectable()
export class SyncStatusService {
  constructor(
    private readonly tx: ActorTransactions,
    private readonly repository: SyncRepository,
    private readonly peers: PeersService,
  ) {}

  async statuses(actor: Actor, idOrName: string | null, recent = 5): Promise<PeerStatus[]> {
    this.peers.assertHome(actor);
    return this.tx.read(actor, async (m) => {
      const all = await this.repository.peers(m);
      const peers = idOrName ? all.filter((p) => p.id === idOrName || p.name === idOrName) : all;
      if (idOrName && peers.length === 0) throw AppError.notFound('Peer', idOrName);
      const ids = peers.map((p) => p.id);
      const rows = await this.repository.statuses(m, ids);
      const runs = recent > 0 ? await this.repository.recentRuns(m, ids, recent) : [];
      const byPeer = new Map(rows.map((r) => [r.peerId, r]));
      return peers.map((peer) => {
        const s = byPeer.get(peer.id)!;
        return {
          peer,
          lastSuccessAt: s.lastSuccessAt,
          lastRunAt: s.lastRunAt,
          lastStatus: s.lastStatus,
          lastError: s.lastStatus === 'OK' ? null : s.lastError,
          lagSeconds: s.lastSuccessAt ? Math.max(0, (Date.now() - new Date(s.lastSuccessAt).getTime()) / 1000) : null,
          objectsIn: s.pulledTotal,
          objectsOut: s.pushedTotal,
          failedRuns: s.failedRuns,
          quarantineSize: s.quarantineSize,
          recentRuns: runs.filter((r) => r.peerId === peer.id),
        };
      });
    });
  }
}
