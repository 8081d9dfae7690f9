import fc from 'fast-check';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { PARTNER_KINDS, TRUST_LEVELS, type Actor } from '../../src/auth/actor';
import {
  actorSessionSettings,
  canSee,
  rlsPolicyStatements,
  type Shareable,
  TLP_LEVELS,
  type TlpLevel,
  viewerValues,
  visibleToSql,
  visibleToViewersSql,
  visibleToWhere,
} from '../../src/policy';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { anActor } from './policy-factories';

/*
 * The three compiled forms of the rule table must select the same rows for any actor and any data:
 * canSee in memory, visibleToSql (positional and TypeORM-named) in a query, and the RLS policy as the
 * application role. fast-check draws actors and rows from small pools so that owners, audience ids and
 * groups collide often, with group names built to break naive quoting.
 */
const PARTNERS = [
  'a0000000-0000-4000-8000-000000000001',
  'a0000000-0000-4000-8000-000000000002',
  'b0000000-0000-4000-8000-00000000000b',
  'c0000000-0000-4000-8000-00000000000c',
];
const GROUPS = ['APCERT', 'HK-CII', 'FIRST', `x'); DROP TABLE policy_rows; --`, 'a"b{c},d\\e', 'NULL', '', ' spaced '];
const NUM_RUNS = 300;

const partnerId = fc.constantFrom(...PARTNERS).chain((id) => fc.constantFrom(id, id.toUpperCase()));
const actorArb: fc.Arbitrary<Actor> = fc
  .record({
    partnerId,
    partnerKind: fc.constantFrom(...PARTNER_KINDS),
    trust: fc.constantFrom(...TRUST_LEVELS),
    groups: fc.subarray(GROUPS),
    active: fc.boolean(),
  })
  .map((a) => anActor(a));
const rowArb: fc.Arbitrary<Shareable> = fc.record({
  tlp: fc.constantFrom<TlpLevel | null>(...TLP_LEVELS, null),
  audiencePartners: fc.option(fc.subarray(PARTNERS), { freq: 2 }),
  audienceGroups: fc.option(fc.subarray(GROUPS), { freq: 2 }),
  ownerPartnerId: fc.constantFrom(...PARTNERS),
});
const defaultTlpArb = fc.constantFrom(...TLP_LEVELS);

const COLUMNS = 'id int PRIMARY KEY, tlp text NULL, audience_partners uuid[] NULL, audience_groups text[] NULL, owner_partner_id uuid NOT NULL';

describe('policy: in-memory, SQL and RLS forms agree on real PostgreSQL', () => {
  let db: TestDatabase;
  let owner: Client;
  let orm: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase();
    owner = new Client({ connectionString: db.url });
    await owner.connect();
    await owner.query(`CREATE TABLE policy_rows (${COLUMNS})`);
    await owner.query(`CREATE TABLE policy_rls_rows (${COLUMNS})`);
    for (const statement of rlsPolicyStatements('policy_rls_rows')) await owner.query(statement);
    await owner.query('GRANT SELECT ON policy_rls_rows TO cx_app');
    orm = new DataSource({ type: 'postgres', url: db.url, extra: { max: 1 } });
    await orm.initialize();
  });

  afterAll(async () => {
    await orm?.destroy();
    await owner?.end();
    await db?.drop();
  });

  async function load(rows: Shareable[]): Promise<void> {
    await owner.query('TRUNCATE policy_rows, policy_rls_rows');
    if (rows.length === 0) return;
    const params: unknown[] = [];
    const values = rows.map((r, i) => {
      params.push(i, r.tlp, r.audiencePartners, r.audienceGroups, r.ownerPartnerId);
      const n = i * 5;
      return `($${n + 1}::int, $${n + 2}::text, $${n + 3}::uuid[], $${n + 4}::text[], $${n + 5}::uuid)`;
    });
    await owner.query(`INSERT INTO policy_rows VALUES ${values.join(', ')}`, params);
    await owner.query('INSERT INTO policy_rls_rows SELECT * FROM policy_rows');
  }

  const ids = (result: { rows: { id: number }[] }): number[] => result.rows.map((r) => r.id);

  /** As the application role, in a transaction that first sets the actor (or not). */
  async function asApp(actor: Actor | null, defaultTlp: TlpLevel, client: Client = owner): Promise<number[]> {
    await client.query('BEGIN');
    try {
      if (actor) {
        const settings = actorSessionSettings(actor, defaultTlp);
        await client.query(settings.sql, settings.params);
      }
      await client.query('SET LOCAL ROLE cx_app');
      return ids(await client.query('SELECT id FROM policy_rls_rows ORDER BY id'));
    } finally {
      await client.query('ROLLBACK');
    }
  }

  it(`selects the same rows in memory, by SQL condition and through RLS (${NUM_RUNS} runs)`, async () => {
    await fc.assert(
      fc.asyncProperty(actorArb, fc.array(rowArb, { maxLength: 25 }), defaultTlpArb, async (actor, rows, defaultTlp) => {
        await load(rows);
        const expected = rows.flatMap((row, i) => (canSee(actor, row, defaultTlp) ? [i] : []));
        const hidden = rows.flatMap((_, i) => (expected.includes(i) ? [] : [i]));

        const cond = visibleToSql(actor, 'r', 1, defaultTlp);
        const bySql = await owner.query(`SELECT id FROM policy_rows r WHERE r.id >= $1 AND ${cond.sql} ORDER BY id`, [0, ...cond.params]);
        expect(ids(bySql)).toEqual(expected);
        // The condition is never NULL, so a caller's NOT (…) selects exactly the hidden rows.
        const negated = await owner.query(`SELECT id FROM policy_rows r WHERE r.id >= $1 AND NOT (${cond.sql}) ORDER BY id`, [0, ...cond.params]);
        expect(ids(negated)).toEqual(hidden);

        const named = visibleToWhere(actor, 'r', defaultTlp);
        const byOrm = await orm.createQueryBuilder().select('r.id', 'id').from('policy_rows', 'r').where(named.where, named.parameters).orderBy('r.id').getRawMany<{ id: number }>();
        expect(byOrm.map((r) => r.id)).toEqual(expected);

        expect(await asApp(actor, defaultTlp)).toEqual(expected);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it(`selects the same rows for many viewers at once, by the viewers form, as in memory (${NUM_RUNS} runs)`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(actorArb, { minLength: 1, maxLength: 5 }), fc.array(rowArb, { maxLength: 25 }), defaultTlpArb, async (actors, rows, defaultTlp) => {
        await load(rows);
        const values = actors.map((a) => viewerValues(a, defaultTlp));
        const unfolded = values.flatMap((v, i) => (v === null ? [] : [{ ...v, viewer: i }]));
        const result = await owner.query(
          `WITH v AS (SELECT * FROM jsonb_to_recordset($1::jsonb) AS v(viewer int, me uuid, fallback text, levels text[], groups text[]))
           SELECT v.viewer, r.id FROM v JOIN policy_rows r ON ${visibleToViewersSql('r', 'v')} ORDER BY 1, 2`,
          [JSON.stringify(unfolded)],
        );
        actors.forEach((actor, i) => {
          const expected = rows.flatMap((row, j) => (canSee(actor, row, defaultTlp) ? [j] : []));
          // A folded viewer has no row: suspended sees nothing, HOME everything; the caller answers for it.
          const got = values[i] === null ? (actor.active ? rows.map((_, j) => j) : []) : result.rows.filter((r: { viewer: number }) => r.viewer === i).map((r: { id: number }) => r.id);
          expect(got).toEqual(expected);
        });
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('returns zero rows through RLS when the actor was never set, and after a previous request’s actor ended', async () => {
    await load(TLP_LEVELS.map((tlp) => ({ tlp, audiencePartners: null, audienceGroups: null, ownerPartnerId: PARTNERS[0] })));
    const fresh = new Client({ connectionString: db.url });
    await fresh.connect();
    try {
      expect(await asApp(null, 'AMBER', fresh)).toEqual([]); // settings undefined: current_setting → NULL
      const home = anActor({ partnerKind: 'HOME', partnerId: PARTNERS[1] });
      expect(await asApp(home, 'AMBER', fresh)).toEqual([0, 1, 2, 3, 4]);
      expect(await asApp(null, 'AMBER', fresh)).toEqual([]); // same pooled connection: settings now ''
      await fresh.query('SET ROLE cx_app'); // and outside any transaction
      expect(ids(await fresh.query('SELECT id FROM policy_rls_rows'))).toEqual([]);
    } finally {
      await fresh.end();
    }
  });

  it('does not let set_config outside a transaction leak into the next statement', async () => {
    await load([{ tlp: 'CLEAR', audiencePartners: null, audienceGroups: null, ownerPartnerId: PARTNERS[0] }]);
    const client = new Client({ connectionString: db.url });
    await client.connect();
    try {
      const settings = actorSessionSettings(anActor({ partnerKind: 'HOME' }));
      await client.query(settings.sql, settings.params); // autocommit: lasts for this statement only
      await client.query('SET ROLE cx_app');
      expect(ids(await client.query('SELECT id FROM policy_rls_rows'))).toEqual([]);
    } finally {
      await client.end();
    }
  });

  describe('SQL injection: actor values travel as parameters, never as SQL text', () => {
    const nasty = `'); DROP TABLE policy_rows; --`;

    it('matches group names with quotes, braces and backslashes exactly, in all three forms', async () => {
      const rowGroups = [nasty, 'a"b{c},d\\e', 'NULL', 'a"b'];
      const rows = rowGroups.map((g) => ({ tlp: 'RED' as const, audiencePartners: null, audienceGroups: [g], ownerPartnerId: PARTNERS[0] }));
      await load(rows);
      for (const groups of [[nasty, 'a"b{c},d\\e', `it's`, 'NULL'], [nasty], ['a"b{c},d\\e'], ['a"b']]) {
        const actor = anActor({ partnerId: PARTNERS[1], groups });
        const expected = rowGroups.flatMap((g, i) => (groups.includes(g) ? [i] : []));
        expect(rows.flatMap((row, i) => (canSee(actor, row) ? [i] : []))).toEqual(expected);
        const cond = visibleToSql(actor, 'r');
        expect(ids(await owner.query(`SELECT id FROM policy_rows r WHERE ${cond.sql} ORDER BY id`, cond.params))).toEqual(expected);
        expect(await asApp(actor, 'AMBER')).toEqual(expected);
      }
      expect((await owner.query(`SELECT to_regclass('policy_rows') AS t`)).rows[0].t).toBe('policy_rows');
    });

    it('rejects a partner id that is not a UUID instead of running it', async () => {
      await load([{ tlp: 'CLEAR', audiencePartners: null, audienceGroups: null, ownerPartnerId: PARTNERS[0] }]);
      const actor = anActor({ partnerId: nasty });
      const cond = visibleToSql(actor, 'r');
      await expect(owner.query(`SELECT id FROM policy_rows r WHERE ${cond.sql}`, cond.params)).rejects.toMatchObject({ code: '22P02' });
      await expect(asApp(actor, 'AMBER')).rejects.toMatchObject({ code: '22P02' });
      expect((await owner.query(`SELECT count(*)::int AS n FROM policy_rows`)).rows[0].n).toBe(1);
    });
  });
});
