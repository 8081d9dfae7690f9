import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import type { Actor, PartnerKind, Role, TrustLevel } from './actor';

interface ActorRow {
  client_id: string;
  roles: Role[];
  client_status: string;
  partner_id: string;
  short_name: string;
  kind: PartnerKind;
  trust: TrustLevel;
  groups: string[];
  partner_status: string;
  identity_ref: string;
}

/**
 * Resolves a token's client to an Actor from the live tables, so a trust change or a suspension applies to
 * tokens already issued. A short cache (ACTOR_CACHE_MS) bounds how late that can be.
 */
@Injectable()
export class ActorService {
  /**
   * Promises, not actors: requests that find the entry expired share one load (single flight). With 50
   * concurrent requests on one token, each expiry otherwise sent ~50 identical queries at once, and under
   * load those cost more database time than the requests' own reads.
   */
  private readonly cache = new Map<string, { at: number; actor: Promise<Actor | null> }>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The active actor for a client, or null if it is unknown or it or its partner is suspended. */
  async forClient(clientId: string): Promise<Actor | null> {
    const ttl = this.config.auth.actorCacheMs;
    const hit = this.cache.get(clientId);
    let pending: Promise<Actor | null>;
    if (hit && Date.now() - hit.at < ttl) {
      pending = hit.actor;
    } else {
      pending = this.load(clientId);
      if (ttl > 0) {
        if (this.cache.size > 10_000) this.cache.clear();
        const entry = { at: Date.now(), actor: pending };
        this.cache.set(clientId, entry);
        // A failed load is not cached: the next request tries again.
        pending.catch(() => this.cache.get(clientId) === entry && this.cache.delete(clientId));
      }
    }
    const actor = await pending;
    return actor && actor.active ? actor : null;
  }

  /** Any status: for the CLI and for audit attribution, not for authorisation. */
  async load(clientId: string): Promise<Actor | null> {
    const rows: ActorRow[] = await this.dataSource.query(
      `SELECT c.client_id, c.roles, c.status AS client_status, p.id AS partner_id, p.short_name, p.kind, p.trust,
              p.groups, p.status AS partner_status, p.identity_ref
         FROM api_clients c JOIN partners p ON p.id = c.partner_id
        WHERE c.client_id = $1`,
      [clientId],
    );
    const row = rows[0];
    if (!row) return null;
    return Object.freeze({
      clientId: row.client_id,
      partnerId: row.partner_id,
      partnerShortName: row.short_name,
      partnerKind: row.kind,
      trust: row.trust,
      groups: Object.freeze([...row.groups]),
      roles: Object.freeze([...row.roles]),
      identityRef: row.identity_ref,
      active: row.client_status === 'ACTIVE' && row.partner_status === 'ACTIVE',
    });
  }

  /** Drops cached actors at once (this replica), e.g. right after a suspension made here. */
  forget(): void {
    this.cache.clear();
  }
}
