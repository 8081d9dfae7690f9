import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { AuditService } from '../../src/audit/audit.service';
import type { Actor } from '../../src/auth/actor';
import { ActorService } from '../../src/auth/actor.service';
import { ActorTransactions } from '../../src/database/actor-transaction.service';
import { inlineStatement } from '../../src/database/inline-statement';
import { aPartner, tokenFor } from '../support/partners';
import { startTestApp, type TestApp } from '../support/test-app';
import { bundle, indicator, lookup, marked, submitOk } from '../stix/stix-fixtures';

/**
 * ActorTransactions.readOnce sends a whole read (BEGIN, the actor's settings, statements with inlined
 * parameters, COMMIT) as one message. What must hold: an inlined value means exactly what the parameter
 * meant, whatever it contains; the settings never outlive the read on the pooled connection; a failure
 * leaves the connection usable; nothing can be written; and reads it serves are still audited.
 */
describe('one-round-trip reads (ActorTransactions.readOnce)', () => {
  let t: TestApp;
  let owner: Client;
  let actor: Actor;

  beforeAll(async () => {
    // One pooled connection: every read below runs on the connection the previous one left behind.
    t = await startTestApp({ DATABASE_POOL_SIZE: '1' });
    owner = new Client({ connectionString: t.db.url });
    await owner.connect();
    const partner = await aPartner(t.app, { trust: 'TRUSTED' });
    actor = (await t.app.get(ActorService).forClient(partner.clientId))!;
  });
  afterAll(async () => {
    await owner.end();
    await t.close();
  });

  const awkward: [string, unknown, string][] = [
    ['quotes', `O'Brien's "quoted" text`, 'text'],
    ['backslashes', 'C:\\path\\to\\file \\x00 \\\'', 'text'],
    ['an attempted injection', `'; DROP TABLE stix_objects; --`, 'text'],
    ['a placeholder inside a value', 'costs $1 or $22', 'text'],
    ['newlines and unicode', 'line one\nline two\t— 香港 ✓', 'text'],
    ['an empty string', '', 'text'],
    ['null', null, 'text'],
    ['a number', 42.5, 'numeric'],
    ['a boolean', true, 'boolean'],
    ['a date', new Date('2026-11-25T10:11:12.345Z'), 'timestamptz'],
    ['an array with awkward elements', ['a,b', '{c}', 'd"e', 'f\\g', 'NULL', `h'i`, ''], 'text[]'],
    ['an array with a null', ['x', null], 'text[]'],
    ['an empty array', [], 'text[]'],
    ['uuids', ['0b5a1c2e-1111-4222-8333-444455556666'], 'uuid[]'],
  ];

  it.each(awkward)('inlines %s to the same value as a parameter', async (_name, value, type) => {
    const sql = `SELECT CAST($1 AS ${type}) AS v, $2::text AS w`;
    const params = [value, 'second'];
    const asParameter = await owner.query(sql, params);
    const inlined = await owner.query(inlineStatement({ sql, params }));
    expect(inlined.rows).toEqual(asParameter.rows);
  });

  it('refuses a placeholder that has no parameter, and gives the connection back', async () => {
    expect(() => inlineStatement({ sql: 'SELECT $1, $2', params: ['only one'] })).toThrow('placeholder $2 has no parameter');
    const tx = t.app.get(ActorTransactions);
    // The pool holds one connection: a leak would make the next read wait for ever.
    await expect(tx.readOnce(actor, [{ sql: `SELECT $1::int AS a, $2::int AS b`, params: [1] }])).rejects.toThrow('placeholder $2 has no parameter');
    await expect(tx.readOnce(actor, [{ sql: `SELECT 3 AS c`, params: [] }])).resolves.toEqual([[{ c: 3 }]]);
  });

  it('applies the actor settings for the read only, never to the next user of the connection', async () => {
    const [[row]] = await t.app.get(ActorTransactions).readOnce(actor, [
      { sql: `SELECT current_setting('cx.partner_id', true) AS partner, current_setting('transaction_read_only') AS ro, current_setting('enable_mergejoin') AS merge`, params: [] },
    ]);
    // Point reads: the generic plans are made without merge or hash joins (see readOnce).
    expect(row).toEqual({ partner: actor.partnerId, ro: 'on', merge: 'off' });
    const [after] = (await t.app.get(DataSource).query(`SELECT coalesce(current_setting('cx.partner_id', true), '') AS partner, current_setting('enable_mergejoin') AS merge`)) as { partner: string }[];
    expect(after).toEqual({ partner: '', merge: 'on' });
  });

  it('returns each statement’s rows in order', async () => {
    const results = await t.app.get(ActorTransactions).readOnce(actor, [
      { sql: `SELECT $1::int AS a`, params: [1] },
      { sql: `SELECT x FROM unnest($1::text[]) AS x ORDER BY x`, params: [['b', 'a']] },
    ]);
    expect(results).toEqual([[{ a: 1 }], [{ x: 'a' }, { x: 'b' }]]);
  });

  it('leaves the connection usable after a failing statement, and writes nothing', async () => {
    const tx = t.app.get(ActorTransactions);
    await expect(tx.readOnce(actor, [{ sql: `SELECT 1 / $1::int`, params: [0] }])).rejects.toThrow('division by zero');
    await expect(tx.readOnce(actor, [{ sql: `INSERT INTO stix_observable_prefixes (family, masklen) VALUES (4, 7)`, params: [] }])).rejects.toThrow(/read-only transaction/);
    const [[row]] = await tx.readOnce(actor, [{ sql: `SELECT 2 AS ok`, params: [] }]);
    expect(row).toEqual({ ok: 2 });
    // The division was prepared before it failed: the same statement runs again, prepared once only.
    await expect(tx.readOnce(actor, [{ sql: `SELECT 1 / $1::int AS q`, params: [1] }])).resolves.toEqual([[{ q: 1 }]]);
    await expect(tx.readOnce(actor, [{ sql: `SELECT 1 / $1::int AS q`, params: [2] }])).resolves.toEqual([[{ q: 0 }]]);
    expect((await owner.query(`SELECT count(*)::int AS n FROM stix_observable_prefixes WHERE masklen = 7`)).rows[0].n).toBe(0);
  });

  it('serves each actor its own rows from one cached plan: the settings are read when it runs, not when it was planned', async () => {
    const producer = await aPartner(t.app, { trust: 'TRUSTED' });
    const reader = await aPartner(t.app, { trust: 'PUBLIC', roles: ['READER'] });
    const token = await tokenFor(t.baseUrl, producer);
    const label = `plan-${Date.now()}`;
    await submitOk(t.baseUrl, token, { bundle: bundle(marked('CLEAR', indicator({ labels: [label] }, '198.51.100.80')), marked('AMBER', indicator({ labels: [label] }, '198.51.100.81'))) });
    const actors = t.app.get(ActorService);
    const [asProducer, asReader] = [(await actors.forClient(producer.clientId))!, (await actors.forClient(reader.clientId))!];
    const count = { sql: `SELECT count(*)::int AS n FROM stix_objects o WHERE $1 = ANY(o.labels)`, params: [label] };
    const tx = t.app.get(ActorTransactions);
    // One pooled connection, the same statement, alternating actors (several times past any plan-cache threshold).
    for (let i = 0; i < 7; i++) {
      expect(await tx.readOnce(asProducer, [count])).toEqual([[{ n: 2 }]]);
      expect(await tx.readOnce(asReader, [count])).toEqual([[{ n: 1 }]]);
    }
  });

  it('still audits what it delivers: a look-up that returns a RED object records the read', async () => {
    const producer = await aPartner(t.app, { trust: 'TRUSTED' });
    const token = await tokenFor(t.baseUrl, producer);
    const red = marked('RED', indicator({}, '198.51.100.77'));
    await submitOk(t.baseUrl, token, { bundle: bundle(red) });
    expect(await lookup(t.baseUrl, token, '198.51.100.77')).toEqual([red.id]);
    const reads = await t.app.get(AuditService).search({ action: 'stix.read', target: red.id as string });
    expect(reads.edges.map((e) => e.node.details)).toEqual([expect.objectContaining({ operation: 'lookupObservable' })]);
  });
});
