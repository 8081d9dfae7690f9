import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { PEER_COLUMNS, QUARANTINE_COLUMNS, RUN_COLUMNS, type Peer, type QuarantinedObject, type RunCounts, type RunTrigger, type SyncRun } from './peer.types';

export interface PeerStatusRow {
  readonly peerId: string;
  readonly lastSuccessAt: Date | null;
  readonly lastRunAt: Date | null;
  readonly lastStatus: string | null;
  readonly lastError: string | null;
  readonly pulledTotal: number;
  readonly pushedTotal: number;
  readonly failedRuns: number;
  readonly quarantineSize: number;
  readonly pullPosition: string | null;
}

/** All SQL on the sync_* tables, on the caller's actor transaction (RLS: HOME, or the peer's partner for cursors and quarantine). */
@Injectable()
export class SyncRepository {
  async peers(m: EntityManager): Promise<Peer[]> {
    return m.query(`SELECT ${PEER_COLUMNS} FROM sync_peers p ORDER BY p.name`);
  }

  async peer(m: EntityManager, idOrName: string): Promise<Peer | null> {
    const rows: Peer[] = await m.query(`SELECT ${PEER_COLUMNS} FROM sync_peers p WHERE p.id::text = $1 OR p.name = $1`, [idOrName]);
    return rows[0] ?? null;
  }

  async insertPeer(m: EntityManager, p: Omit<Peer, 'createdAt' | 'updatedAt'>): Promise<void> {
    await m.query(
      `INSERT INTO sync_peers (id, name, partner_id, base_url, api_root, collections, push_collection, direction, auth_method, token_url,
         assertion_audience, client_id, secret_sealed, private_key_sealed, public_jwk, schedule, page_size, egress_types, egress_max_tlp,
         remote_identity, enabled, next_run_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22)`,
      [p.id, p.name, p.partnerId, p.baseUrl, p.apiRoot, p.collections, p.pushCollection, p.direction, p.authMethod, p.tokenUrl, p.assertionAudience,
        p.clientId, p.secretSealed, p.privateKeySealed, p.publicJwk ? JSON.stringify(p.publicJwk) : null, p.schedule, p.pageSize, p.egressTypes,
        p.egressMaxTlp, p.remoteIdentity, p.enabled, p.nextRunAt],
    );
  }

  async updatePeer(m: EntityManager, p: Omit<Peer, 'createdAt' | 'updatedAt'>): Promise<void> {
    await m.query(
      `UPDATE sync_peers SET base_url = $2, api_root = $3, collections = $4, push_collection = $5, direction = $6, auth_method = $7, token_url = $8,
         assertion_audience = $9, client_id = $10, secret_sealed = $11, private_key_sealed = $12, public_jwk = $13, schedule = $14, page_size = $15,
         egress_types = $16, egress_max_tlp = $17, remote_identity = $18, enabled = $19, next_run_at = $20, updated_at = now()
       WHERE id = $1`,
      [p.id, p.baseUrl, p.apiRoot, p.collections, p.pushCollection, p.direction, p.authMethod, p.tokenUrl, p.assertionAudience, p.clientId,
        p.secretSealed, p.privateKeySealed, p.publicJwk ? JSON.stringify(p.publicJwk) : null, p.schedule, p.pageSize, p.egressTypes, p.egressMaxTlp,
        p.remoteIdentity, p.enabled, p.nextRunAt],
    );
  }

  async deletePeer(m: EntityManager, id: string): Promise<void> {
    await m.query(`DELETE FROM sync_peers WHERE id = $1`, [id]);
  }

  /** Peers whose schedule is due, claimed by moving next_run_at on (SKIP LOCKED: one replica each). */
  async claimDue(m: EntityManager, nextOf: (peer: Peer) => Date | null): Promise<Peer[]> {
    const due: Peer[] = await m.query(
      `SELECT ${PEER_COLUMNS} FROM sync_peers p WHERE p.enabled AND p.schedule IS NOT NULL AND p.next_run_at <= now() FOR UPDATE SKIP LOCKED`,
    );
    for (const peer of due) await m.query(`UPDATE sync_peers SET next_run_at = $2 WHERE id = $1`, [peer.id, nextOf(peer)]);
    return due;
  }

  async cursor(m: EntityManager, peerId: string, direction: 'PULL' | 'PUSH', collection: string): Promise<string | null> {
    const rows: { position: string }[] = await m.query(`SELECT position FROM sync_cursors WHERE peer_id = $1 AND direction = $2 AND collection = $3`, [peerId, direction, collection]);
    return rows[0]?.position ?? null;
  }

  async saveCursor(m: EntityManager, peer: Peer, direction: 'PULL' | 'PUSH', collection: string, position: string): Promise<void> {
    await m.query(
      `INSERT INTO sync_cursors (peer_id, partner_id, direction, collection, position) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (peer_id, direction, collection) DO UPDATE SET position = EXCLUDED.position, updated_at = now()`,
      [peer.id, peer.partnerId, direction, collection, position],
    );
  }

  async quarantine(m: EntityManager, peer: Peer, collection: string, items: readonly { stixId: string | null; object: unknown; reason: string }[]): Promise<void> {
    if (items.length === 0) return;
    await m.query(
      `INSERT INTO sync_quarantine (peer_id, partner_id, collection, stix_id, object, reason)
       SELECT $1, $2, $3, r.stix_id, COALESCE(r.object, 'null'::jsonb), r.reason FROM jsonb_to_recordset($4::jsonb) AS r(stix_id text, object jsonb, reason text)`,
      [peer.id, peer.partnerId, collection, JSON.stringify(items.map((i) => ({ stix_id: i.stixId, object: i.object ?? null, reason: i.reason })))],
    );
  }

  async quarantined(m: EntityManager, peerId: string | null, limit: number): Promise<QuarantinedObject[]> {
    return m.query(
      `SELECT ${QUARANTINE_COLUMNS} FROM sync_quarantine q WHERE q.status = 'HELD' AND ($1::uuid IS NULL OR q.peer_id = $1) ORDER BY q.received_at, q.id LIMIT $2`,
      [peerId, limit],
    );
  }

  async quarantineItem(m: EntityManager, id: string): Promise<QuarantinedObject | null> {
    const rows: QuarantinedObject[] = await m.query(`SELECT ${QUARANTINE_COLUMNS} FROM sync_quarantine q WHERE q.id = $1`, [id]);
    return rows[0] ?? null;
  }

  async resolveQuarantine(m: EntityManager, id: string, status: 'ACCEPTED' | 'DISCARDED', reason?: string): Promise<void> {
    await m.query(`UPDATE sync_quarantine SET status = $2, resolved_at = now(), reason = COALESCE($3, reason) WHERE id = $1`, [id, status, reason ?? null]);
  }

  async updateQuarantineReason(m: EntityManager, id: string, reason: string): Promise<void> {
    await m.query(`UPDATE sync_quarantine SET reason = $2 WHERE id = $1`, [id, reason]);
  }

  /** A run left RUNNING by a process that died is ABORTED before the next one starts. */
  async startRun(m: EntityManager, peerId: string, trigger: RunTrigger): Promise<string> {
    await m.query(`UPDATE sync_runs SET status = 'ABORTED', finished_at = clock_timestamp(), error = 'the process running it stopped' WHERE peer_id = $1 AND status = 'RUNNING'`, [peerId]);
    const rows: { id: string }[] = await m.query(`INSERT INTO sync_runs (peer_id, trigger, status) VALUES ($1, $2, 'RUNNING') RETURNING id`, [peerId, trigger]);
    return rows[0]!.id;
  }

  async finishRun(m: EntityManager, runId: string, status: 'OK' | 'FAILED', counts: RunCounts, error: string | null): Promise<SyncRun> {
    // TypeORM answers an UPDATE … RETURNING with [rows, count].
    const [rows]: [SyncRun[], number] = await m.query(
      `UPDATE sync_runs r SET status = $2, finished_at = clock_timestamp(), pulled = $3, duplicates = $4, echoes = $5, quarantined = $6, pushed = $7,
         push_failures = $8, error = $9 WHERE r.id = $1 RETURNING ${RUN_COLUMNS}`,
      [runId, status, counts.pulled, counts.duplicates, counts.echoes, counts.quarantined, counts.pushed, counts.pushFailures, error],
    );
    return rows[0]!;
  }

  async runs(m: EntityManager, peerId: string, limit: number): Promise<SyncRun[]> {
    return m.query(`SELECT ${RUN_COLUMNS} FROM sync_runs r WHERE r.peer_id = $1 ORDER BY r.started_at DESC LIMIT $2`, [peerId, limit]);
  }

  /** The latest `perPeer` runs of each peer, one statement. */
  async recentRuns(m: EntityManager, peerIds: readonly string[], perPeer: number): Promise<SyncRun[]> {
    return m.query(
      `SELECT ${RUN_COLUMNS} FROM unnest($1::uuid[]) AS ids(id)
         CROSS JOIN LATERAL (SELECT * FROM sync_runs x WHERE x.peer_id = ids.id ORDER BY x.started_at DESC LIMIT $2) r
        ORDER BY r.started_at DESC`,
      [peerIds, perPeer],
    );
  }

  /** One row per peer, all in one statement (status pages and metrics ask for every peer at once). */
  async statuses(m: EntityManager, peerIds: readonly string[]): Promise<PeerStatusRow[]> {
    return m.query(
      `SELECT p.id AS "peerId",
              (SELECT max(r.finished_at) FROM sync_runs r WHERE r.peer_id = p.id AND r.status = 'OK') AS "lastSuccessAt",
              last.started_at AS "lastRunAt", last.status AS "lastStatus", last.error AS "lastError",
              COALESCE(tot.pulled, 0)::int AS "pulledTotal", COALESCE(tot.pushed, 0)::int AS "pushedTotal", COALESCE(tot.failed, 0)::int AS "failedRuns",
              (SELECT count(*) FROM sync_quarantine q WHERE q.peer_id = p.id AND q.status = 'HELD')::int AS "quarantineSize",
              (SELECT min(c.position) FROM sync_cursors c WHERE c.peer_id = p.id AND c.direction = 'PULL') AS "pullPosition"
         FROM sync_peers p
         LEFT JOIN LATERAL (SELECT r.started_at, r.status, r.error FROM sync_runs r WHERE r.peer_id = p.id ORDER BY r.started_at DESC LIMIT 1) last ON true
         LEFT JOIN LATERAL (SELECT sum(r.pulled) AS pulled, sum(r.pushed) AS pushed, count(*) FILTER (WHERE r.status = 'FAILED') AS failed
                              FROM sync_runs r WHERE r.peer_id = p.id) tot ON true
        WHERE p.id = ANY($1::uuid[])`,
      [peerIds],
    );
  }
}
