import { PassThrough } from 'node:stream';
import { AppError, ErrorCode } from '../../src/common/errors/app-error';
import type { AuditEventInput } from '../../src/audit/audit-event.types';
import { startAudit, type AuditHarness } from './audit-harness';

describe('audit: search, access log and export', () => {
  let h: AuditHarness;
  let firstTime: Date;
  beforeAll(async () => {
    h = await startAudit({ maxPageSize: 100 });
    const events: AuditEventInput[] = [
      { action: 'stix.submit', outcome: 'ok', actor: { clientId: 'cert-a-1', partnerId: 'cert-a' }, targetIds: ['indicator--1', 'indicator--2'] },
      { action: 'stix.read', outcome: 'ok', actor: { clientId: 'police-1', partnerId: 'police' }, targetIds: ['indicator--1'] },
      { action: 'case.pull', outcome: 'ok', actor: { clientId: 'police-1', partnerId: 'police' }, targetIds: ['case--9'], details: { purpose: 'fraud investigation 2026/113' } },
      { action: 'auth.denied', outcome: 'denied', actor: null, details: { reason: 'unknown client' } },
      { action: 'partner.set-trust', outcome: 'ok', actor: { clientId: 'admin-1', partnerId: 'home' }, targetIds: ['cert-a'], details: { before: { trust: 'COMMUNITY' }, after: { trust: 'TRUSTED' } } },
      { action: 'stix.read', outcome: 'error', actor: { clientId: 'cert-a-1', partnerId: 'cert-a' }, targetIds: ['indicator--2'] },
    ];
    const stored = await h.dataSource.transaction((m) => h.audit.recordMany(m, events));
    firstTime = new Date(stored[0]!.time);
    await h.dataSource.transaction((m) =>
      h.audit.recordMany(m, Array.from({ length: 120 }, (_, i) => ({ action: 'stix.read' as const, outcome: 'ok' as const, actor: { clientId: 'bulk', partnerId: 'isp' }, targetIds: [`indicator--bulk-${i}`] }))),
    );
  });
  afterAll(async () => {
    await h.close();
  });

  const sequences = async (filter: Parameters<AuditHarness['audit']['search']>[0]) => (await h.audit.search(filter, 100)).edges.map((e) => e.node.sequence);

  it('filters by actor, partner, action, target and outcome, newest first', async () => {
    await expect(sequences({ actorClientId: 'police-1' })).resolves.toEqual([3, 2]);
    await expect(sequences({ partnerId: 'cert-a' })).resolves.toEqual([6, 1]);
    await expect(sequences({ action: 'case.pull' })).resolves.toEqual([3]);
    await expect(sequences({ target: 'indicator--2' })).resolves.toEqual([6, 1]);
    await expect(sequences({ outcome: 'denied' })).resolves.toEqual([4]);
    await expect(sequences({ partnerId: 'cert-a', action: 'stix.read' })).resolves.toEqual([6]);
  });

  it('filters by time, from inclusive and to exclusive', async () => {
    await expect(sequences({ from: firstTime, to: new Date(firstTime.getTime() + 1), partnerId: 'police' })).resolves.toEqual([3, 2]);
    await expect(sequences({ to: firstTime })).resolves.toEqual([]);
    await expect(sequences({ from: new Date(Date.now() + 3_600_000) })).resolves.toEqual([]);
  });

  it('pages with keyset cursors without repeats or holes', async () => {
    const seen: number[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await h.audit.search({ partnerId: 'isp' }, 50, after);
      seen.push(...page.edges.map((e) => e.node.sequence));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor!;
    }
    expect(seen).toEqual(Array.from({ length: 120 }, (_, i) => 126 - i));
  });

  it('returns events as stored, details round-tripped through jsonb', async () => {
    const [edge] = (await h.audit.search({ action: 'partner.set-trust' })).edges;
    expect(edge!.node).toMatchObject({ targetIds: ['cert-a'], details: { before: { trust: 'COMMUNITY' }, after: { trust: 'TRUSTED' } }, channel: 'system' });
  });

  it.each([
    ['a reversed time range', { from: new Date('2026-02-01'), to: new Date('2026-01-01') }, undefined, /filter\.to: must not be before from/],
    ['an unknown action', { action: 'stix.delete' }, undefined, /filter\.action: unknown action "stix.delete"/],
    ['an unknown outcome', { outcome: 'maybe' }, undefined, /filter\.outcome/],
    ['an invalid time', { from: new Date('nonsense') }, undefined, /filter\.from: must be a valid time/],
    ['a page over the maximum', {}, 101, /first must be between 1 and 100/],
  ])('rejects %s as BAD_USER_INPUT', async (_what, filter, first, message) => {
    const error = await h.audit.search(filter, first).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: ErrorCode.BAD_USER_INPUT, message: expect.stringMatching(message) });
  });

  it('rejects a cursor it did not issue', async () => {
    await expect(h.audit.search({}, 10, 'bm9wZQ')).rejects.toMatchObject({ code: ErrorCode.BAD_USER_INPUT });
    await expect(h.audit.search({}, 10, Buffer.from('["x"]').toString('base64url'))).rejects.toMatchObject({ code: ErrorCode.BAD_USER_INPUT });
  });

  it('accessLog lists every event naming the object', async () => {
    const log = await h.audit.accessLog('indicator--1');
    expect(log.edges.map((e) => [e.node.sequence, e.node.action, e.node.actorClientId])).toEqual([
      [2, 'stix.read', 'police-1'],
      [1, 'stix.submit', 'cert-a-1'],
    ]);
  });

  it('exportJsonLines streams matching events oldest first, one JSON object per line', async () => {
    const out = new PassThrough({ highWaterMark: 256 }); // small: forces waits for 'drain'
    const chunks: Buffer[] = [];
    out.on('data', (chunk: Buffer) => chunks.push(chunk));
    const count = await h.audit.exportJsonLines({ partnerId: 'isp' }, out);
    out.end();
    const lines = Buffer.concat(chunks).toString('utf8').trimEnd().split('\n');
    expect(count).toBe(120);
    expect(lines).toHaveLength(120);
    const first = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(first).toMatchObject({ sequence: 7, action: 'stix.read', partnerId: 'isp', hash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(JSON.parse(lines[119]!)).toMatchObject({ sequence: 126 });
  });

  it('exportJsonLines validates its filter too', async () => {
    await expect(h.audit.exportJsonLines({ action: 'nope' }, new PassThrough())).rejects.toMatchObject({ code: ErrorCode.BAD_USER_INPUT });
  });
});
