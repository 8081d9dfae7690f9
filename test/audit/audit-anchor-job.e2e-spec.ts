import { startAudit, type AuditHarness } from './audit-harness';

describe('audit: the anchor job', () => {
  let h: AuditHarness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  async function anchors(harness: AuditHarness): Promise<number[]> {
    const { rows } = await harness.owner.query(`SELECT sequence::int AS s FROM audit_anchors ORDER BY 1`);
    return rows.map((r: { s: number }) => r.s);
  }

  async function waitFor(check: () => Promise<boolean>, ms = 5000): Promise<void> {
    for (const deadline = Date.now() + ms; Date.now() < deadline; ) {
      if (await check()) return;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error('condition not met in time');
  }

  it('anchors the head on its interval, and only when the head moved', async () => {
    h = await startAudit({ anchorIntervalMs: 100 });
    const harness = h;
    await harness.audit.recordStandalone({ action: 'stix.read', outcome: 'ok' });
    await waitFor(async () => (await anchors(harness)).includes(1));
    await harness.dataSource.transaction((m) => harness.audit.recordMany(m, [{ action: 'stix.read', outcome: 'ok' }, { action: 'stix.read', outcome: 'ok' }]));
    await waitFor(async () => (await anchors(harness)).includes(3));
    await new Promise((r) => setTimeout(r, 300));
    expect(await anchors(harness)).toEqual([1, 3]);
  });

  it('is off with an interval of 0', async () => {
    h = await startAudit({ anchorIntervalMs: 0 });
    await h.audit.recordStandalone({ action: 'stix.read', outcome: 'ok' });
    await new Promise((r) => setTimeout(r, 200));
    expect(await anchors(h)).toEqual([]);
  });
});
