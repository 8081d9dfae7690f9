import { startAudit, type AuditHarness } from './audit-harness';

describe('audit: the tables are append-only and partitioned by month', () => {
  let h: AuditHarness;
  beforeAll(async () => {
    h = await startAudit();
    await h.audit.recordStandalone({ action: 'stix.read', outcome: 'ok', targetIds: ['indicator--x'] });
    await h.audit.anchor();
  });
  afterAll(async () => {
    await h.close();
  });

  it.each([
    ['UPDATE', `UPDATE audit_events SET outcome = 'denied'`],
    ['DELETE', `DELETE FROM audit_events`],
    ['TRUNCATE', `TRUNCATE audit_events`],
    ['UPDATE anchors', `UPDATE audit_anchors SET sequence = 99`],
    ['DELETE anchors', `DELETE FROM audit_anchors`],
    ['TRUNCATE anchors', `TRUNCATE audit_anchors`],
  ])('cx_app may not %s', async (_what, sql) => {
    await expect(h.dataSource.query(sql)).rejects.toThrow(/permission denied for table audit_(events|anchors)/);
  });

  it('cx_app cannot reach a partition directly or run DDL', async () => {
    const { rows } = await h.owner.query(`SELECT audit_ensure_partition(now()) AS name`);
    await expect(h.dataSource.query(`DELETE FROM ${rows[0].name}`)).rejects.toThrow(/permission denied/);
    await expect(h.dataSource.query(`ALTER TABLE audit_events DISABLE TRIGGER USER`)).rejects.toThrow(/must be owner/);
    await expect(h.dataSource.query(`CREATE TABLE audit_events_y2099m01 PARTITION OF audit_events FOR VALUES FROM ('2099-01-01') TO ('2099-02-01')`)).rejects.toThrow(
      /must be owner|permission denied/,
    );
  });

  it.each([
    ['UPDATE', `UPDATE audit_events SET outcome = 'denied'`],
    ['DELETE', `DELETE FROM audit_events`],
    ['TRUNCATE', `TRUNCATE audit_events`],
    ['TRUNCATE of the default partition', `TRUNCATE audit_events_default`],
    ['UPDATE anchors', `UPDATE audit_anchors SET anchored_at = now()`],
    ['TRUNCATE anchors', `TRUNCATE audit_anchors`],
  ])('even the owner is refused %s by the trigger', async (_what, sql) => {
    await expect(h.owner.query(sql)).rejects.toThrow(/audit trail is append-only/);
  });

  it('the owner is refused TRUNCATE of a monthly partition too', async () => {
    const { rows } = await h.owner.query(`SELECT audit_ensure_partition(now()) AS name`);
    await expect(h.owner.query(`TRUNCATE ${rows[0].name}`)).rejects.toThrow(/audit trail is append-only/);
    await expect(h.audit.verify()).resolves.toMatchObject({ ok: true, count: 1 });
  });

  it('partitions exist for the current and next month, and the event landed in this month’s', async () => {
    const now = new Date();
    const name = (d: Date) => `audit_events_y${d.getUTCFullYear()}m${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
    const next = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
    const { rows } = await h.owner.query(
      `SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'audit_events'::regclass ORDER BY 1`,
    );
    expect(rows.map((r: { relname: string }) => r.relname)).toEqual(expect.arrayContaining([name(now), name(next), 'audit_events_default']));
    const placed = await h.owner.query(`SELECT tableoid::regclass::text AS part FROM audit_events`);
    expect(placed.rows).toEqual([{ part: name(now) }]);
  });

  it('cx_app creates a month’s partition through the SECURITY DEFINER function, idempotently', async () => {
    const [{ name }] = (await h.dataSource.query(`SELECT audit_ensure_partition('2031-07-15T12:00:00Z') AS name`)) as { name: string }[];
    expect(name).toBe('audit_events_y2031m07');
    const again = (await h.dataSource.query(`SELECT audit_ensure_partition('2031-07-01T00:00:00Z') AS name`)) as { name: string }[];
    expect(again[0]!.name).toBe(name);
    await h.owner.query(`SET TIME ZONE 'UTC'`); // pg_get_expr prints bounds in the session's zone
    const { rows } = await h.owner.query(`SELECT pg_get_expr(c.relpartbound, c.oid) AS bound, r.rolname AS owner FROM pg_class c JOIN pg_roles r ON r.oid = c.relowner WHERE c.relname = $1`, [name]);
    expect(rows[0].bound).toBe(`FOR VALUES FROM ('2031-07-01 00:00:00+00') TO ('2031-08-01 00:00:00+00')`);
    expect(rows[0].owner).not.toBe('cx_app');
  });

  it('the filter columns are indexed on the partitioned table', async () => {
    const { rows } = await h.owner.query(`SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'audit_events'`);
    const defs = rows.map((r: { indexdef: string }) => r.indexdef).join('\n');
    for (const column of ['(sequence)', '("time")', '(actor_client_id, sequence)', '(partner_id, sequence)', '(action, sequence)', '(outcome, sequence)', 'gin (target_ids)']) {
      expect(defs).toContain(column);
    }
  });
});
