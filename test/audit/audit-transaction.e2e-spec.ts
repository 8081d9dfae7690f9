import type { EntityManager } from 'typeorm';
import { runInContext } from '../../src/common/request-context';
import { MAX_DETAILS_BYTES } from '../../src/audit/details-sanitiser';
import { countRows, startAudit, type AuditHarness } from './audit-harness';

describe('audit: events commit or roll back with the caller’s write', () => {
  let h: AuditHarness;
  beforeAll(async () => {
    h = await startAudit();
  });
  afterAll(async () => {
    await h.close();
  });

  const write = (m: EntityManager, note: string) => m.query('INSERT INTO scratch (note) VALUES ($1)', [note]);

  it('a rolled-back transaction leaves neither the write nor its audit event', async () => {
    const before = await countRows(h.owner, 'audit_events');
    await expect(
      h.dataSource.transaction(async (m) => {
        await write(m, 'rolled back');
        await h.audit.record(m, { action: 'stix.submit', outcome: 'ok', targetIds: ['indicator--1'] });
        throw new Error('caller fails after auditing');
      }),
    ).rejects.toThrow('caller fails after auditing');
    expect(await countRows(h.owner, 'audit_events')).toBe(before);
    expect((await h.owner.query(`SELECT 1 FROM scratch WHERE note = 'rolled back'`)).rowCount).toBe(0);
  });

  it('an audit write that fails (oversized details) aborts the surrounding write', async () => {
    await expect(
      h.dataSource.transaction(async (m) => {
        await write(m, 'too big');
        await h.audit.record(m, { action: 'stix.submit', outcome: 'ok', details: { payload: 'x'.repeat(MAX_DETAILS_BYTES + 1) } });
      }),
    ).rejects.toThrow(/exceed the 16384-byte limit/);
    expect((await h.owner.query(`SELECT 1 FROM scratch WHERE note = 'too big'`)).rowCount).toBe(0);
  });

  it('a database error in the audit INSERT aborts the surrounding write', async () => {
    // The sanitiser keeps bad input from reaching the database, so force a real database error in the
    // audit INSERT with a constraint the owner adds for this test only.
    await h.owner.query(`ALTER TABLE audit_events ADD CONSTRAINT test_no_forced CHECK (request_id IS DISTINCT FROM 'force-error') NOT VALID`);
    try {
      await expect(
        h.dataSource.transaction(async (m) => {
          await write(m, 'db error');
          await h.audit.record(m, { action: 'stix.submit', outcome: 'ok', requestId: 'force-error' });
        }),
      ).rejects.toThrow(/test_no_forced/);
    } finally {
      await h.owner.query(`ALTER TABLE audit_events DROP CONSTRAINT test_no_forced`);
    }
    expect((await h.owner.query(`SELECT 1 FROM scratch WHERE note = 'db error'`)).rowCount).toBe(0);
    await expect(h.audit.verify()).resolves.toMatchObject({ ok: true });
  });

  it('a committed write and its event are both there, the event chained and stamped from the request context', async () => {
    const stored = await runInContext({ requestId: 'req-77', channel: 'taxii', sourceAddress: '203.0.113.9' }, () =>
      h.dataSource.transaction(async (m) => {
        await write(m, 'kept');
        return h.audit.record(m, { action: 'stix.submit', outcome: 'ok', actor: { clientId: 'client-a', partnerId: 'partner-a' }, targetIds: ['indicator--k'] });
      }),
    );
    expect(stored).toMatchObject({ channel: 'taxii', requestId: 'req-77', sourceAddress: '203.0.113.9', actorClientId: 'client-a', partnerId: 'partner-a' });
    expect(stored.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    const { rows } = await h.owner.query(`SELECT sequence::int AS sequence, encode(hash, 'hex') AS hash FROM audit_events WHERE request_id = 'req-77'`);
    expect(rows).toEqual([{ sequence: stored.sequence, hash: stored.hash }]);
    expect((await h.owner.query(`SELECT 1 FROM scratch WHERE note = 'kept'`)).rowCount).toBe(1);
  });

  it('recordMany writes 1,000 events in two round trips: lock with head read, then ONE insert', async () => {
    const events = Array.from({ length: 1000 }, (_, i) => ({ action: 'stix.submit' as const, outcome: 'ok' as const, targetIds: [`indicator--${i}`], details: { i } }));
    const statements: string[] = [];
    const stored = await h.dataSource.transaction(async (m) => {
      const client = (await m.queryRunner!.connect()) as { query: (...args: unknown[]) => Promise<unknown> };
      const query = client.query.bind(client);
      const spy = jest.spyOn(client, 'query').mockImplementation((first: unknown, ...rest: unknown[]) => {
        const text = typeof first === 'string' ? first : (first as { text: string }).text;
        statements.push(text.trim().split(/\s+/)[0]!);
        return query(first, ...rest);
      });
      try {
        return await h.audit.recordMany(m, events);
      } finally {
        spy.mockRestore();
      }
    });
    expect(statements).toEqual(['SELECT', 'INSERT']);
    expect(stored).toHaveLength(1000);
    expect(stored[999]!.sequence - stored[0]!.sequence).toBe(999);
    await expect(h.audit.verify()).resolves.toMatchObject({ ok: true, headSequence: stored[999]!.sequence });
  });

  it('recordStandalone commits on its own', async () => {
    const stored = await h.audit.recordStandalone({ action: 'auth.denied', outcome: 'denied', details: { reason: 'bad secret', client_secret: 'hunter2' } });
    const { rows } = await h.owner.query(`SELECT details FROM audit_events WHERE sequence = $1`, [stored.sequence]);
    expect(rows[0].details).toEqual({ reason: 'bad secret' });
  });

  it('refuses to record outside a transaction or under REPEATABLE READ (the chain could fork)', async () => {
    await expect(h.audit.record(h.dataSource.manager, { action: 'stix.read', outcome: 'ok' })).rejects.toThrow(/inside the caller’s transaction/);
    await expect(h.dataSource.transaction('REPEATABLE READ', (m) => h.audit.record(m, { action: 'stix.read', outcome: 'ok' }))).rejects.toThrow(
      /READ COMMITTED transaction \(got repeatable read\)/,
    );
  });

  it('details that jsonb normalises (key order, numbers, unicode, NUL) still verify', async () => {
    await h.dataSource.transaction((m) =>
      h.audit.record(m, {
        action: 'partner.update',
        outcome: 'ok',
        targetIds: ['partner--é', 'b', 'a', 'quote"and\\backslash', '{braces},comma', 'NULL'],
        details: { zeta: 1, 'é': { b: [1.5, 1e21, 1e-7, -0, 0.1], a: null }, emoji: '😀 香港', nul: 'x\u0000y', long: 'k'.repeat(4000), aa: true },
      }),
    );
    await expect(h.audit.verify()).resolves.toMatchObject({ ok: true });
  });

  it('refuses an unknown action before touching the chain', async () => {
    await expect(h.dataSource.transaction((m) => h.audit.record(m, { action: 'stix.nuke' as never, outcome: 'ok' }))).rejects.toThrow(/unknown audit action "stix.nuke"/);
  });
});
