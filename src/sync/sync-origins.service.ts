import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { Actor } from '../auth/actor';
import { PartnersService } from '../partners/partners.service';

/**
 * Where synced objects first came from, for our TAXII server's exchanges with other exchanges of ours
 * (clients with the role SYNC only): a page tells the reader each object's origin (`x_cx_origins`, and
 * `x_cx_exchange` for the rest: here), and a POSTed envelope's origins are recorded, so an object never
 * travels back to where it started, also round a ring of three or more exchanges.
 */
@Injectable()
export class SyncOrigins {
  private home: string | undefined;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly partners: PartnersService,
  ) {}

  /** Our HOME partner's STIX identity: this exchange's name in origins. */
  async exchangeIdentity(): Promise<string | undefined> {
    this.home ??= (await this.partners.home())?.identityRef;
    return this.home;
  }

  isSyncClient(actor: Actor): boolean {
    return actor.roles.includes('SYNC');
  }

  /** Origins of these stored versions (seq → origin); versions stored here directly have none. */
  async of(seqs: readonly string[]): Promise<Map<string, string>> {
    if (seqs.length === 0) return new Map();
    // sync_origins has no RLS (see its migration): the seqs come from a page the policy already filtered.
    const rows: { seq: string; origin: string }[] = await this.dataSource.query(`SELECT object_seq::text AS seq, origin FROM sync_origins WHERE object_seq = ANY($1::bigint[])`, [seqs]);
    return new Map(rows.map((r) => [r.seq, r.origin]));
  }

  /** In a POST's ingest transaction: the origins its sender gave for the versions this transaction stored. */
  async record(m: EntityManager, actor: Actor, origins: Readonly<Record<string, string>>): Promise<void> {
    const entries = Object.entries(origins).filter(([id, origin]) => id.length <= 300 && /^[\x21-\x7e]{1,300}$/.test(origin));
    if (entries.length === 0) return;
    await m.query(
      `INSERT INTO sync_origins (object_seq, origin)
       SELECT o.seq, $3::jsonb ->> o.id FROM stix_objects o
        WHERE o.owner_partner_id = $1 AND o.received_at = now() AND o.id = ANY($2::text[])
       ON CONFLICT DO NOTHING`,
      [actor.partnerId, entries.map(([id]) => id), JSON.stringify(Object.fromEntries(entries))],
    );
  }
}
