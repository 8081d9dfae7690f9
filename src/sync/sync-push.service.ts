import { Injectable } from '@nestjs/common';
import { MAX_TARGETS } from '../audit';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { ActorTransactions } from '../database/actor-transaction.service';
import { PolicyService } from '../policy/policy.service';
import { STIX_SENSITIVE_PATHS, type StoredObject } from '../stix/store/stix-store.types';
import { TLP_LEVELS } from '../stix/tlp.constants';
import type { Peer, RunCounts } from './peer.types';
import { SyncRepository } from './sync.repository';
import type { TaxiiClient, TaxiiStatus } from './taxii-client';

interface PushRow extends StoredObject {
  readonly dateAdded: string;
  readonly origin: string | null;
}

/** How often, and how long apart, a pending status resource is asked again. */
const STATUS_POLLS = 20;
const STATUS_POLL_MS = 500;

const MICRO = `to_char(o.received_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/**
 * Pushes to a peer what its partner may see here, newer than the push cursor, as TAXII envelopes.
 *
 * The selection is one query per page, run as the peer's partner (RLS and `policy.visibleTo` decide, as
 * for a TAXII read by that partner), with egress rules ON TOP of the policy, never instead of it:
 * never TLP:RED; never an object with an audience unless TLP:AMBER+STRICT (the receiving exchange cannot
 * hold an audience, and there AMBER+STRICT is seen by its HOME only, while a narrowed CLEAR/GREEN/AMBER
 * would widen to its whole community); never the partner's own objects, nor anything received from this
 * peer, nor anything whose origin is the peer's exchange (no echo, also round a ring); and only the
 * peer's egress types and highest TLP. Objects are redacted for the partner like any read of theirs.
 */
@Injectable()
export class SyncPushService {
  constructor(
    private readonly tx: ActorTransactions,
    private readonly policy: PolicyService,
    private readonly repository: SyncRepository,
    private readonly audit: AuditService,
  ) {}

  async push(peer: Peer, peerActor: Actor, homeIdentity: string, client: TaxiiClient, counts: RunCounts): Promise<void> {
    const collection = peer.pushCollection ?? peer.collections[0]!;
    for (;;) {
      const rows = await this.tx.read(peerActor, async (m) => this.select(m, peer, peerActor, await this.repository.cursor(m, peer.id, 'PUSH', collection)));
      if (rows.length === 0) return;
      const objects = rows.map((row) => this.policy.redactWith(peerActor, row, row.object, STIX_SENSITIVE_PATHS).value);
      const origins: Record<string, string> = {};
      for (const row of rows) if (row.origin) origins[row.id] = row.origin;
      let status = await client.addObjects(collection, objects, { x_cx_exchange: homeIdentity, ...(Object.keys(origins).length > 0 ? { x_cx_origins: origins } : {}) });
      for (let i = 0; status.status === 'pending' && i < STATUS_POLLS; i++) {
        await new Promise((resolve) => setTimeout(resolve, STATUS_POLL_MS));
        status = await client.getStatus(status.id);
      }
      const last = rows[rows.length - 1]!;
      await this.commit(peer, peerActor, collection, rows, status, `${last.dateAdded}|${last.seq}`);
      counts.pushed += status.success_count;
      counts.pushFailures += status.failure_count + status.pending_count;
      if (rows.length < peer.pageSize) return;
    }
  }

  private async select(m: Parameters<Parameters<ActorTransactions['read']>[1]>[0], peer: Peer, actor: Actor, cursor: string | null): Promise<PushRow[]> {
    const params: unknown[] = [];
    const p = (value: unknown): string => `$${params.push(value)}`;
    const tlp = `COALESCE(o.tlp, ${p(this.policy.defaultTlp)})`;
    const where = [
      `o.received_at < (SELECT taxii_commit_horizon())`,
      `${tlp} <> 'RED'`,
      `((o.audience_partners IS NULL AND o.audience_groups IS NULL) OR ${tlp} = 'AMBER+STRICT')`,
      `o.owner_partner_id <> ${p(peer.partnerId)}::uuid`,
      `o.peer IS DISTINCT FROM ${p(peer.id)}`,
      `NOT EXISTS (SELECT 1 FROM sync_origins so WHERE so.object_seq = o.seq AND so.origin = ANY(${p([peer.remoteIdentity, `peer:${peer.id}`].filter(Boolean))}::text[]))`,
    ];
    if (cursor) {
      const [dateAdded, seq] = cursor.split('|');
      where.push(`(o.received_at, o.seq) > (${p(dateAdded)}::timestamptz, ${p(seq)}::bigint)`);
    }
    if (peer.egressTypes) where.push(`o.type = ANY(${p(peer.egressTypes)}::text[])`);
    if (peer.egressMaxTlp) where.push(`${tlp} = ANY(${p(TLP_LEVELS.slice(0, TLP_LEVELS.indexOf(peer.egressMaxTlp) + 1))}::text[])`);
    const visible = this.policy.visibleTo(actor, 'o', params.length);
    params.push(...visible.params);
    where.push(visible.sql);
    // Walk the (received_at, seq) index in order, as TAXII pages do (the planner cannot estimate the policy).
    await m.query(`SELECT set_config('enable_sort', 'off', true), set_config('enable_bitmapscan', 'off', true)`);
    return m.query(
      `SELECT o.seq::text AS seq, o.id, o.type, o.object, o.tlp, o.audience_partners AS "audiencePartners", o.audience_groups AS "audienceGroups",
              o.owner_partner_id AS "ownerPartnerId", ${MICRO} AS "dateAdded",
              (SELECT so.origin FROM sync_origins so WHERE so.object_seq = o.seq) AS origin
         FROM stix_objects o
        WHERE ${where.join(' AND ')}
        ORDER BY o.received_at, o.seq
        LIMIT ${Math.floor(peer.pageSize)}`,
      params,
    );
  }

  /** The cursor moves past the page and the push is audited, in one transaction; refusals are recorded, not retried. */
  private async commit(peer: Peer, actor: Actor, collection: string, rows: readonly PushRow[], status: TaxiiStatus, position: string): Promise<void> {
    await this.tx.run(actor, async (m) => {
      await this.repository.saveCursor(m, peer, 'PUSH', collection, position);
      const ids = [...new Set(rows.map((r) => r.id))];
      const failures = (status.failures ?? []).slice(0, 20).map((f) => ({ id: f.id, message: (f.message ?? '').slice(0, 300) }));
      const events = [];
      for (let i = 0; i < ids.length; i += MAX_TARGETS) {
        events.push({
          action: 'sync.push' as const,
          outcome: status.failure_count > 0 ? ('error' as const) : ('ok' as const),
          actor,
          targetIds: ids.slice(i, i + MAX_TARGETS),
          details: { peer: peer.name, collection, statusId: status.id, sent: rows.length, succeeded: status.success_count, failed: status.failure_count, pending: status.pending_count, failures },
        });
      }
      await this.audit.recordMany(m, events);
    });
  }
}
