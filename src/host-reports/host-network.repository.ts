import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { NetworkRow } from './host-report.rows';
import type { NetworkEntry } from './routing/routing-table';

const COLUMNS = `n.id::text AS "id", n.partner_id AS "partnerId", p.short_name AS "partnerShortName", n.prefix::text AS "prefix",
  n.asn::float8 AS "asn", n.created_at AS "createdAt"`;

/** SQL for host_networks. Callers pass the manager of an actor transaction (RLS applies). */
@Injectable()
export class HostNetworkRepository {
  /** Inserts what is new; returns the ids of inserted rows. Existing prefixes or AS numbers are skipped. */
  async insert(m: EntityManager, partnerId: string, prefixes: string[], asns: number[]): Promise<{ prefixes: number; asns: number }> {
    const p: { n: number }[] = prefixes.length
      ? await m.query(
          `WITH ins AS (INSERT INTO host_networks (partner_id, prefix) SELECT $1, x FROM unnest($2::cidr[]) AS x
             ON CONFLICT (prefix) WHERE prefix IS NOT NULL DO NOTHING RETURNING 1) SELECT count(*)::int AS n FROM ins`,
          [partnerId, prefixes],
        )
      : [{ n: 0 }];
    const a: { n: number }[] = asns.length
      ? await m.query(
          `WITH ins AS (INSERT INTO host_networks (partner_id, asn) SELECT $1, x FROM unnest($2::bigint[]) AS x
             ON CONFLICT (asn) WHERE asn IS NOT NULL DO NOTHING RETURNING 1) SELECT count(*)::int AS n FROM ins`,
          [partnerId, asns],
        )
      : [{ n: 0 }];
    return { prefixes: p[0]!.n, asns: a[0]!.n };
  }

  /** Which of these prefixes and AS numbers are registered, and to whom (HOME sees all). */
  async holders(m: EntityManager, prefixes: string[], asns: number[]): Promise<{ network: string; partnerId: string; shortName: string }[]> {
    return m.query(
      `SELECT COALESCE(n.prefix::text, 'AS' || n.asn) AS "network", n.partner_id AS "partnerId", p.short_name AS "shortName"
         FROM host_networks n JOIN partners p ON p.id = n.partner_id
        WHERE n.prefix = ANY($1::cidr[]) OR n.asn = ANY($2::bigint[])`,
      [prefixes, asns],
    );
  }

  async page(m: EntityManager, conditions: string[], params: unknown[], afterId: number | undefined, limit: number): Promise<NetworkRow[]> {
    const where = [...conditions];
    if (afterId !== undefined) {
      params.push(afterId);
      where.push(`n.id > $${params.length}`);
    }
    params.push(limit);
    return m.query(
      `SELECT ${COLUMNS} FROM host_networks n JOIN partners p ON p.id = n.partner_id
        WHERE ${where.length ? where.join(' AND ') : 'TRUE'} ORDER BY n.id LIMIT $${params.length}`,
      params,
    );
  }

  /** Every registered network, for an import's routing table (the importer is HOME: RLS shows it all). */
  async routingEntries(m: EntityManager): Promise<NetworkEntry[]> {
    return m.query(`SELECT n.id::text AS "id", n.partner_id AS "partnerId", n.prefix::text AS "prefix", n.asn::float8 AS "asn" FROM host_networks n`);
  }

  /** Bumped by every statement that changes host_networks (a trigger, see the migration). */
  async version(m: EntityManager): Promise<string> {
    const rows: { v: string }[] = await m.query(`SELECT version::text AS v FROM host_network_version`);
    return rows[0]?.v ?? '';
  }

  async remove(m: EntityManager, id: string): Promise<NetworkRow | undefined> {
    const rows: NetworkRow[] = await m.query(
      `WITH d AS (DELETE FROM host_networks WHERE id = $1 RETURNING *)
       SELECT ${COLUMNS} FROM d n JOIN partners p ON p.id = n.partner_id`,
      [id],
    );
    return rows[0];
  }
}
