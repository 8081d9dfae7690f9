import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { chainHash } from '../../src/audit/canonical-form';
import { encodeCursor } from '../../src/common/graphql/pagination';
import { startAudit, tamper, type AuditHarness } from './audit-harness';

/** Each test gets its own database: tampering must not leak into the next test. */
describe('audit: verify finds the first broken link with its exact sequence', () => {
  let h: AuditHarness;
  const anchorFile = path.join(mkdtempSync(path.join(tmpdir(), 'cx-audit-')), 'audit-anchors.jsonl');
  beforeEach(async () => {
    h = await startAudit({ anchorFile });
    // 30 events over three transactions of different sizes.
    for (const size of [5, 20, 5]) {
      await h.dataSource.transaction((m) =>
        h.audit.recordMany(
          m,
          Array.from({ length: size }, (_, i) => ({ action: 'stix.read' as const, outcome: 'ok' as const, actor: { clientId: `c${i % 3}`, partnerId: 'p1' }, targetIds: [`indicator--${i}`], details: { purpose: `case ${i}` } })),
        ),
      );
    }
  });
  afterEach(async () => {
    await h.close();
  });

  it('an untouched chain verifies, with its head', async () => {
    const result = await h.audit.verify();
    expect(result).toMatchObject({ ok: true, count: 30, headSequence: 30 });
    const { rows } = await h.owner.query(`SELECT encode(hash, 'hex') AS hash FROM audit_events WHERE sequence = 30`);
    expect(result).toMatchObject({ headHash: rows[0].hash });
  });

  it.each([
    ['details', `UPDATE audit_events SET details = '{"purpose":"nothing to see"}' WHERE sequence = 12`],
    ['actor', `UPDATE audit_events SET actor_client_id = 'someone-else' WHERE sequence = 12`],
    ['outcome', `UPDATE audit_events SET outcome = 'denied' WHERE sequence = 12`],
    ['targets', `UPDATE audit_events SET target_ids = '{}' WHERE sequence = 12`],
    ['time', `UPDATE audit_events SET time = time - interval '1 microsecond' WHERE sequence = 12`],
  ])('editing one row (%s) is a hash mismatch at that sequence', async (_field, sql) => {
    await tamper(h.owner, sql);
    await expect(h.audit.verify()).resolves.toMatchObject({ ok: false, brokenAt: 12, reason: 'hash mismatch' });
  });

  it('editing a row and recomputing its hash breaks the next link', async () => {
    const event = (await h.audit.search({}, 1, encodeCursor([13]))).edges[0]!.node;
    expect(event.sequence).toBe(12);
    const forged = { ...event, details: { purpose: 'nothing to see' } };
    await tamper(h.owner, `UPDATE audit_events SET details = $1, hash = decode($2, 'hex') WHERE sequence = 12`, [forged.details, chainHash(event.prevHash, forged)]);
    await expect(h.audit.verify()).resolves.toMatchObject({ ok: false, brokenAt: 13, reason: 'prev_hash mismatch', expected: chainHash(event.prevHash, forged), actual: event.hash });
  });

  it('deleting one row is a sequence gap naming the deleted sequence', async () => {
    await tamper(h.owner, `DELETE FROM audit_events WHERE sequence = 17`);
    await expect(h.audit.verify()).resolves.toEqual({ ok: false, brokenAt: 17, reason: 'sequence gap', expected: '17', actual: '18' });
  });

  it('deleting the first row is a gap at 1', async () => {
    await tamper(h.owner, `DELETE FROM audit_events WHERE sequence = 1`);
    await expect(h.audit.verify()).resolves.toMatchObject({ ok: false, brokenAt: 1, reason: 'sequence gap' });
  });

  it('cutting the tail after an anchor is detected at the first missing sequence', async () => {
    const anchor = await h.audit.anchor();
    expect(anchor).toMatchObject({ sequence: 30 });
    await tamper(h.owner, `DELETE FROM audit_events WHERE sequence > 26`);
    await expect(h.audit.verify()).resolves.toEqual({ ok: false, brokenAt: 27, reason: 'truncated after anchor', expected: '30', actual: '26' });
  });

  it('the anchor file catches a cut tail even when the anchor rows were removed too', async () => {
    await h.audit.anchor();
    const line = JSON.parse(readFileSync(anchorFile, 'utf8').trim().split('\n').pop()!) as Record<string, unknown>;
    expect(line).toMatchObject({ database: h.db.name, sequence: 30 });
    await tamper(h.owner, `DELETE FROM audit_events WHERE sequence > 28`);
    await h.owner.query('ALTER TABLE audit_anchors DISABLE TRIGGER USER');
    await h.owner.query('DELETE FROM audit_anchors');
    await expect(h.audit.verify()).resolves.toMatchObject({ ok: true, headSequence: 28 });
    await expect(h.audit.verify({ anchorFile })).resolves.toMatchObject({ ok: false, brokenAt: 29, reason: 'truncated after anchor' });
  });

  it('a rewritten chain contradicts its older anchor', async () => {
    await h.audit.anchor();
    // The attacker rewrites event 30 and recomputes its hash consistently: only the anchor can tell.
    const events = await h.audit.search({}, 1);
    const head = events.edges[0]!.node;
    const forged = { ...head, outcome: 'denied' as const };
    await tamper(h.owner, `UPDATE audit_events SET outcome = 'denied', hash = decode($1, 'hex') WHERE sequence = 30`, [chainHash(head.prevHash, forged)]);
    await expect(h.audit.verify()).resolves.toMatchObject({ ok: false, brokenAt: 30, reason: 'anchor mismatch', expected: head.hash });
  });

  it('anchoring is idempotent and only extends a verified chain', async () => {
    await expect(h.audit.anchor()).resolves.toMatchObject({ sequence: 30 });
    await expect(h.audit.anchor()).resolves.toBeUndefined();
    await h.audit.recordStandalone({ action: 'stix.read', outcome: 'ok' });
    await tamper(h.owner, `UPDATE audit_events SET details = '{"x":1}' WHERE sequence = 31`);
    await expect(h.audit.anchor()).resolves.toBeUndefined();
    await expect(h.audit.verify()).resolves.toMatchObject({ ok: false, brokenAt: 31, reason: 'hash mismatch' });
  });
});
