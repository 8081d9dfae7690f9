import { startAudit, type AuditHarness } from './audit-harness';

describe('audit: concurrent writers keep one linear chain', () => {
  let h: AuditHarness;
  beforeAll(async () => {
    h = await startAudit();
  });
  afterAll(async () => {
    await h.close();
  });

  it('20 parallel transactions × 25 events, some rolled back, give a gap-free verified chain', async () => {
    const writers = Array.from({ length: 20 }, (_, w) =>
      h.dataSource
        .transaction(async (m) => {
          for (let i = 0; i < 25; i++) {
            await m.query('INSERT INTO scratch (note) VALUES ($1)', [`w${w}-${i}`]);
            await h.audit.record(m, { action: 'stix.submit', outcome: 'ok', actor: { clientId: `writer-${w}` }, targetIds: [`indicator--${w}-${i}`] });
          }
          if (w % 5 === 4) throw new Error(`writer ${w} rolls back`);
        })
        .then(
          () => 'committed',
          (error: Error) => error.message,
        ),
    );
    const outcomes = await Promise.all(writers);
    expect(outcomes.filter((o) => o === 'committed')).toHaveLength(16);

    const result = await h.audit.verify();
    expect(result).toMatchObject({ ok: true, count: 16 * 25, headSequence: 16 * 25 });
    // Each writer's events are contiguous: the lock is held from its first record to its commit.
    const { rows } = await h.owner.query(`SELECT actor_client_id, min(sequence)::int AS lo, max(sequence)::int AS hi, count(*)::int AS n FROM audit_events GROUP BY 1`);
    expect(rows).toHaveLength(16);
    for (const r of rows) expect(r.hi - r.lo + 1).toBe(r.n);
    expect((await h.owner.query(`SELECT count(*)::int AS n FROM scratch`)).rows[0].n).toBe(16 * 25);
  });

  it('standalone events racing batches stay linear', async () => {
    const head = (await h.audit.verify()) as { headSequence: number };
    await Promise.all([
      ...Array.from({ length: 30 }, () => h.audit.recordStandalone({ action: 'auth.denied', outcome: 'denied' })),
      ...Array.from({ length: 5 }, () => h.dataSource.transaction((m) => h.audit.recordMany(m, Array.from({ length: 40 }, () => ({ action: 'stix.read' as const, outcome: 'ok' as const }))))),
    ]);
    await expect(h.audit.verify()).resolves.toMatchObject({ ok: true, headSequence: head.headSequence + 30 + 200 });
  });
});
