import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AppError } from '../../common/errors/app-error';
import type { Statement } from '../../database/inline-statement';
import { arrayLiteral } from '../../database/pg-array';
import { encodeSeqs, STIX_ADDED_CHANNEL } from '../subscriptions/added-events';
import type { Claims, OwnHistory } from './bundle-plan';
import type { IngestChannel, NewVersion, StoredObject } from './stix-store.types';

/** PostgreSQL's text for a timestamptz(6), the same six-digit form `modifiedKey` computes. */
const KEY_OF = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** The columns every read returns, for alias `o`. */
export const OBJECT_COLUMNS = `o.seq::text AS seq, o.id, o.type, o.spec_version AS "specVersion", o.object->>'created' AS created,
  o.modified_text AS modified, o.revoked, o.created_by_ref AS "createdByRef", o.labels, o.object, o.tlp,
  o.audience_partners AS "audiencePartners", o.audience_groups AS "audienceGroups", o.owner_partner_id AS "ownerPartnerId",
  o.channel, o.received_at AS "receivedAt", o.is_latest AS "isLatest"`;

export interface WriteContext {
  readonly partnerId: string;
  readonly clientId: string;
  readonly channel: IngestChannel;
  readonly peer: string | null;
  readonly audiencePartners: string[] | null;
  readonly audienceGroups: string[] | null;
}

/**
 * What an INSERT does with a version a concurrent transaction wrote first (the plan could not see it):
 * `skip` it (ON CONFLICT DO NOTHING, then sorted out by afterRace), or `fail` with unique_violation
 * (isStoreRace), for a caller that plans and writes again. `fail` is the cheaper statement: without ON
 * CONFLICT a row is not first probed in every unique index, then inserted (a speculative insertion).
 */
export type OnConflict = 'skip' | 'fail';

/** The store's own uniqueness (one version, one latest, one producer) refused a row: a concurrent write won. */
export function isStoreRace(error: unknown): boolean {
  const e = error as { code?: unknown; table?: unknown } | null;
  return e?.code === '23505' && e.table === 'stix_objects';
}

function addHolder(holders: Map<string, { ownerPartnerId: string; createdByRef: string | null }[]>, id: string, holder: { ownerPartnerId: string; createdByRef: string | null }): void {
  const list = holders.get(id);
  if (list) list.push(holder);
  else holders.set(id, [holder]);
}

function addVersion(history: Map<string, OwnHistory>, id: string, key: string, isLatest: boolean, revoked: boolean): void {
  let h = history.get(id);
  if (!h) history.set(id, (h = { keys: new Set(), latestKey: null, latestRevoked: false }));
  h.keys.add(key);
  if (isLatest) {
    h.latestKey = key;
    h.latestRevoked = revoked;
  }
}

/** All SQL on stix_objects and stix_observables. Every method runs on the caller's actor transaction. */
@Injectable()
export class StixObjectRepository {
  /**
   * What a bundle is decided against, in one round trip and one scan of the version index: who holds each
   * id (claims: any owner, through the SECURITY DEFINER `stix_known_state`), the session's own history of
   * them (ownHistory: the function takes the partner from the session, never from an argument) and the
   * partners' identity ids.
   */
  async knownState(m: EntityManager, ids: readonly string[]): Promise<Claims & { history: Map<string, OwnHistory> }> {
    const rows: { id: string; owner: string | null; ref: string | null; own: boolean | null; key: string | null; is_latest: boolean | null; revoked: boolean | null }[] = await m.query(
      `SELECT k.id, k.owner_partner_id::text AS owner, k.created_by_ref AS ref, k.own, k.key, k.is_latest, k.revoked FROM stix_known_state($1::text[]) k
       UNION ALL
       SELECT p.identity_ref, NULL, NULL, NULL, NULL, NULL, NULL FROM partners p`,
      [arrayLiteral(ids)],
    );
    const holders = new Map<string, { ownerPartnerId: string; createdByRef: string | null }[]>();
    const history = new Map<string, OwnHistory>();
    const partnerIdentities = new Set<string>();
    for (const r of rows) {
      if (r.own === null) {
        partnerIdentities.add(r.id);
        continue;
      }
      // Another owner's row is always its latest version; of our own, the latest is the claim, all are history.
      if (!r.own || r.is_latest) addHolder(holders, r.id, { ownerPartnerId: r.owner!, createdByRef: r.ref });
      if (r.own) addVersion(history, r.id, r.key!, r.is_latest!, r.revoked!);
    }
    return { holders, history, partnerIdentities };
  }

  /** The submitter's own versions of these ids (keys), and the state of each latest. */
  async ownHistory(m: EntityManager, ownerPartnerId: string, ids: readonly string[]): Promise<Map<string, OwnHistory>> {
    const history = new Map<string, OwnHistory>();
    if (ids.length === 0) return history;
    const rows: { id: string; key: string; is_latest: boolean; revoked: boolean }[] = await m.query(
      `SELECT o.id, ${KEY_OF('o.modified')} AS key, o.is_latest, o.revoked FROM stix_objects o WHERE o.owner_partner_id = $1 AND o.id = ANY($2::text[])`,
      [ownerPartnerId, ids],
    );
    for (const r of rows) addVersion(history, r.id, r.key, r.is_latest, r.revoked);
    return history;
  }

  /**
   * Writes the versions in three statements whatever their number: retire the latest rows being
   * superseded, one INSERT of every version from a JSON recordset, one INSERT of their observables;
   * then announces the new current versions to subscribers.
   * Returns the versions written. With `skip`, one a concurrent submission of the same owner wrote first is
   * left out (a duplicate); one another producer wrote first fails the whole transaction with CONFLICT.
   * With `fail`, either fails the statement with unique_violation (see OnConflict).
   */
  async insertVersions(m: EntityManager, ctx: WriteContext, versions: readonly NewVersion[], onConflict: OnConflict): Promise<readonly NewVersion[]> {
    if (versions.length === 0) return [];
    // Only ids that already had a latest version need it retired; a first version has nothing to supersede.
    const superseding = [...new Set(versions.filter((v) => v.isLatest && v.outcome === 'newVersion').map((v) => v.id))];
    if (superseding.length > 0) {
      // superseded_at = now(), the new version's received_at: snapshot paging (stixObjects) lists a version until then.
      await m.query(`UPDATE stix_objects SET is_latest = false, superseded_at = now() WHERE owner_partner_id = $1 AND id = ANY($2::text[]) AND is_latest`, [ctx.partnerId, superseding]);
    }
    // Column arrays through unnest: one statement with a fixed plan whatever the bundle size, each object's
    // JSON parsed once (a jsonb_to_recordset of the whole bundle parsed it twice and re-serialised it).
    // The objects travel as ONE text, one per line (JSON.stringify never writes a raw newline), split back
    // in step with the arrays: as a text[] every quote was escaped by pg and unescaped by array_in.
    const col = (f: (v: NewVersion) => string | boolean | null): string => arrayLiteral(versions.map(f));
    const inserted: { seq: string; id: string; key: string }[] = await m.query(
      `INSERT INTO stix_objects (id, type, spec_version, created, modified, modified_text, revoked, created_by_ref, labels, object, tlp,
         audience_partners, audience_groups, owner_partner_id, submitted_by_partner_id, submitted_by_client_id, channel, peer, is_latest)
       SELECT r.id, r.type, r.spec_version, r.created, r.modified, r.modified_text, r.revoked, r.created_by_ref,
         CAST(r.labels AS text[]), CAST(j.object AS jsonb), r.tlp, $13::uuid[], $14::text[], $15, $15, $16, $17, $18, r.is_latest
       FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::timestamptz[], $6::text[], $7::boolean[], $8::text[],
         $9::text[], $11::text[], $12::boolean[]) WITH ORDINALITY
         AS r(id, type, spec_version, created, modified, modified_text, revoked, created_by_ref, labels, tlp, is_latest, n)
       JOIN string_to_table($10::text, E'\\n') WITH ORDINALITY AS j(object, n) ON j.n = r.n
       ${onConflict === 'skip' ? 'ON CONFLICT DO NOTHING' : ''}
       RETURNING seq::text AS seq, id, ${KEY_OF('modified')} AS key`,
      [
        col((v) => v.id), col((v) => v.type), col((v) => v.specVersion), col((v) => v.created), col((v) => v.modified), col((v) => v.modifiedText),
        col((v) => v.revoked), col((v) => v.createdByRef), col((v) => arrayLiteral(v.labels)), versions.map((v) => v.json).join('\n'), col((v) => v.tlp),
        col((v) => v.isLatest), ctx.audiencePartners, ctx.audienceGroups, ctx.partnerId, ctx.clientId, ctx.channel, ctx.peer,
      ],
    );
    const seqOf = new Map(inserted.map((r) => [`${r.id} ${r.key}`, r.seq]));
    const written = inserted.length === versions.length ? versions : await this.afterRace(m, ctx.partnerId, versions, seqOf);
    const seqs: string[] = [], kinds: string[] = [], values: string[] = [], algorithms: (string | null)[] = [];
    for (const v of written) {
      const seq = seqOf.get(`${v.id} ${v.modifiedKey}`)!;
      for (const o of v.observables) {
        seqs.push(seq);
        kinds.push(o.kind);
        values.push(o.value);
        algorithms.push(o.hashAlgorithm ?? null);
      }
    }
    if (seqs.length > 0) {
      await m.query(
        // The prefix lengths the look-up probes (see observableHits) are recorded in the same statement.
        `WITH stored AS (
           INSERT INTO stix_observables (object_seq, kind, value, cidr, hash_algorithm)
           SELECT u.seq, u.kind, u.value, CASE WHEN u.kind IN ('ipv4', 'ipv6') THEN u.value::cidr END, u.alg
           FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[]) AS u(seq, kind, value, alg)
           RETURNING cidr)
         INSERT INTO stix_observable_prefixes (family, masklen)
         SELECT DISTINCT family(cidr), masklen(cidr) FROM stored WHERE cidr IS NOT NULL
         ON CONFLICT DO NOTHING`,
        [seqs, kinds, values, algorithms].map(arrayLiteral),
      );
    }
    await this.announce(m, written.filter((v) => v.isLatest).map((v) => seqOf.get(`${v.id} ${v.modifiedKey}`)!));
    return written;
  }

  /**
   * Tells every replica's subscriptions which versions became current: NOTIFY inside the transaction, which
   * PostgreSQL delivers at COMMIT and drops on ROLLBACK, so nobody hears of a version that was not stored.
   */
  private async announce(m: EntityManager, seqs: readonly string[]): Promise<void> {
    if (seqs.length === 0) return;
    await m.query(`SELECT pg_notify($1, p) FROM unnest($2::text[]) AS p`, [STIX_ADDED_CHANNEL, encodeSeqs(seqs)]);
  }

  /**
   * Duplicates were removed before the INSERT, so a skipped row means a concurrent transaction wrote it
   * first. The same version from the same owner (a retried or doubled submission) is a duplicate like any
   * other; anything else (a racing producer of the same id) rolls the whole bundle back with CONFLICT.
   * READ COMMITTED: this statement sees what the winner committed while the INSERT waited for it.
   */
  private async afterRace(m: EntityManager, ownerPartnerId: string, versions: readonly NewVersion[], seqOf: ReadonlyMap<string, string>): Promise<NewVersion[]> {
    const skipped = versions.filter((v) => !seqOf.has(`${v.id} ${v.modifiedKey}`));
    const own = await this.ownHistory(m, ownerPartnerId, [...new Set(skipped.map((v) => v.id))]);
    if (skipped.some((v) => !own.get(v.id)?.keys.has(v.modifiedKey))) {
      throw AppError.conflict('another submission wrote some of these objects at the same time: submit the bundle again');
    }
    return versions.filter((v) => seqOf.has(`${v.id} ${v.modifiedKey}`));
  }

  /**
   * A look-up's first statement: the latest rows among the object versions `hits` selects (a query on
   * `stix_observables ob` returning object_seq) that pass `where`, newest first, at most `limit`, each with
   * `sightingsExist`: whether any stored sighting refers to one of them (from `stix_object_refs`, which has
   * no RLS; the flag only tells the service whether to ask `sightingsStatement`, it never reaches a client).
   * Most look-ups find no sighting and so cost one statement that touches `stix_objects` once: each
   * reference to it under RLS costs ~0.15 ms of executor set-up even when it returns nothing. The hits are
   * materialised first: left to itself the planner walks the whole table in seq order hoping to meet a hit,
   * which for a miss means every row.
   */
  lookupStatement(hits: string, where: string[], params: unknown[], limit: number): Statement {
    return {
      sql: `WITH hits AS MATERIALIZED (${hits}),
        direct AS MATERIALIZED (
          SELECT ${OBJECT_COLUMNS}, o.seq AS n FROM hits JOIN stix_objects o ON o.seq = hits.object_seq
          WHERE ${where.join(' AND ')} ORDER BY o.seq DESC LIMIT ${Math.floor(limit)})
      SELECT d.*, EXISTS (SELECT 1 FROM stix_object_refs r WHERE r.ref IN (SELECT id FROM direct) AND r.via IN ('sighting_of_ref', 'observed_data_refs')) AS "sightingsExist"
      FROM direct d ORDER BY d.n DESC`,
      params,
    };
  }

  /** Current rows passing `where` that are sightings of one of `ids` (`$1`), newest first (an index probe per id). */
  sightingsStatement(where: string[], params: unknown[], limit: number): Statement {
    return this.selectStatement(
      [...where, `o.type = 'sighting'`, `o.seq IN (SELECT r.object_seq FROM stix_object_refs r WHERE r.ref = ANY($1::text[]) AND r.via IN ('sighting_of_ref', 'observed_data_refs'))`],
      params,
      'o.seq DESC',
      limit,
    );
  }

  /** Current rows passing `where` that are relationships from or to `$1`, newest first (an index probe). */
  relationshipsStatement(where: string[], params: unknown[], limit: number): Statement {
    return this.selectStatement(
      [...where, `o.type = 'relationship'`, `o.seq IN (SELECT r.object_seq FROM stix_object_refs r WHERE r.ref = $1 AND r.via IN ('source_ref', 'target_ref'))`],
      params,
      'o.seq DESC',
      limit,
    );
  }

  /**
   * Per id in `$1`, its sightings passing `where` added up: how many, the sum of their `count` (a sighting
   * without one counts once), the earliest first_seen and the latest last_seen. Ids without any are absent.
   */
  sightingTotalsStatement(where: string[], params: unknown[]): Statement {
    return {
      sql: `SELECT r.ref AS id, count(*)::int AS sightings,
          sum(CASE WHEN jsonb_typeof(o.object->'count') = 'number' THEN (o.object->>'count')::bigint ELSE 1 END)::float8 AS count,
          min((o.object->>'first_seen')::timestamptz) AS "firstSeen", max((o.object->>'last_seen')::timestamptz) AS "lastSeen"
        FROM stix_object_refs r JOIN stix_objects o ON o.seq = r.object_seq
        WHERE r.ref = ANY($1::text[]) AND r.via = 'sighting_of_ref' AND o.type = 'sighting' AND ${where.join(' AND ')}
        GROUP BY r.ref`,
      params,
    };
  }

  /**
   * Rows matching `where` and at least one of `tags` (boolean SQL expressions on `o`), in seq order, each
   * with `matches[i]` telling whether `tags[i]` holds: several filters answered in one statement (for
   * ActorTransactions.readOnce).
   */
  selectTagged(where: string[], params: unknown[], tags: string[]): Statement {
    const tagged = tags.map((t) => `(${t})`);
    return {
      sql: `SELECT ${OBJECT_COLUMNS}, ARRAY[${tagged.join(', ')}]::boolean[] AS matches FROM stix_objects o
       WHERE ${where.join(' AND ')} AND (${tagged.join(' OR ')}) ORDER BY o.seq`,
      params,
    };
  }

  /**
   * The versions current at `asOf` (received by then; latest, or superseded only after it) matching `where`
   * (which must include the visibility condition), newest first, at most `limit`. Two statements, each planned
   * for its own index: the few rows superseded since `asOf` (partial index on superseded_at, then sorted),
   * and the latest rows walked in seq order until the limit. For the latter the planner, which cannot
   * estimate the policy's selectivity, would rather bitmap-scan every row received by `asOf` and sort them
   * all — each page then costs the size of the store (a 100,000-object walk fell from ~20,000 to ~6,500
   * objects/s) — so sorts and bitmap scans are off for that one statement, as for TAXII pages.
   */
  async selectAsOf(m: EntityManager, where: string[], params: unknown[], asOf: string, limit: number): Promise<StoredObject[]> {
    const at = `$${params.push(asOf)}::timestamptz`;
    const n = Math.floor(limit);
    const select = (condition: string) => `SELECT ${OBJECT_COLUMNS} FROM stix_objects o WHERE ${[...where, `o.received_at <= ${at}`, condition].join(' AND ')} ORDER BY o.seq DESC LIMIT ${n}`;
    const superseded: StoredObject[] = await m.query(select(`o.superseded_at > ${at}`), params);
    await m.query(`SELECT set_config('enable_sort', 'off', true), set_config('enable_bitmapscan', 'off', true)`);
    let latest: StoredObject[];
    try {
      latest = await m.query(select('o.is_latest'), params);
    } finally {
      await m.query(`SELECT set_config('enable_sort', 'on', true), set_config('enable_bitmapscan', 'on', true)`);
    }
    if (superseded.length === 0) return latest;
    return [...latest, ...superseded].sort((a, b) => (BigInt(b.seq) > BigInt(a.seq) ? 1 : -1)).slice(0, n);
  }

  /** The transaction's time as a cursor holds it (microseconds, UTC). */
  async now(m: EntityManager): Promise<string> {
    const [row] = (await m.query(`SELECT ${KEY_OF('now()')} AS now`)) as { now: string }[];
    return row!.now;
  }

  /** Rows matching `where` (which must include the visibility condition), in `order`, at most `limit`. */
  async select(m: EntityManager, where: string[], params: unknown[], order: string, limit: number): Promise<StoredObject[]> {
    const { sql } = this.selectStatement(where, params, order, limit);
    return m.query(sql, params);
  }

  /** `select` as a statement, for ActorTransactions.readOnce. */
  selectStatement(where: string[], params: unknown[], order: string, limit: number): Statement {
    return { sql: `SELECT ${OBJECT_COLUMNS} FROM stix_objects o WHERE ${where.join(' AND ')} ORDER BY ${order} LIMIT ${Math.floor(limit)}`, params };
  }
}
