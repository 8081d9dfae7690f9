import type { AuditAnchor } from './audit-event.types';
import { runInContext } from '../common/request-context';
import { chainHash } from './canonical-form';
import { verifyChain, type StoredEvent } from './chain-verifier';
import { chainEvents, draftEvent } from './event-builder';

function chain(n: number): StoredEvent[] {
  const drafts = Array.from({ length: n }, (_, i) => draftEvent({ action: 'stix.read', outcome: 'ok', targetIds: [`indicator--${i}`], channel: 'system' }));
  return chainEvents({ sequence: 0, hash: null, now: '2026-11-25T00:00:00.000000Z' }, drafts);
}

async function* batches(events: StoredEvent[], size = 3): AsyncGenerator<StoredEvent[]> {
  for (let i = 0; i < events.length; i += size) yield events.slice(i, i + size);
}

const anchorOf = (e: StoredEvent): AuditAnchor => ({ sequence: e.sequence, hash: e.hash, eventTime: e.time });

describe('verifyChain', () => {
  it('accepts an intact chain across batch boundaries and reports its head', async () => {
    const events = chain(10);
    await expect(verifyChain(batches(events), [anchorOf(events[4]!)])).resolves.toEqual({
      ok: true,
      count: 10,
      headSequence: 10,
      headHash: events[9]!.hash,
      anchorsChecked: 1,
    });
  });

  it('accepts the empty chain', async () => {
    await expect(verifyChain(batches([]), [])).resolves.toMatchObject({ ok: true, count: 0, headSequence: 0 });
  });

  it('finds an edited event by its recomputed hash', async () => {
    const events = chain(6);
    events[3] = { ...events[3]!, outcome: 'denied' };
    await expect(verifyChain(batches(events), [])).resolves.toMatchObject({ ok: false, brokenAt: 4, reason: 'hash mismatch', actual: events[3]!.hash });
  });

  it('finds an edited event whose hash was recomputed by the next link', async () => {
    const events = chain(6);
    const forged = { ...events[2]!, details: { forged: true } };
    events[2] = { ...forged, hash: chainHash(forged.prevHash, forged) };
    await expect(verifyChain(batches(events), [])).resolves.toMatchObject({ ok: false, brokenAt: 4, reason: 'prev_hash mismatch' });
  });

  it('names the missing sequence of a deleted event', async () => {
    const events = chain(6);
    events.splice(2, 1);
    await expect(verifyChain(batches(events), [])).resolves.toEqual({ ok: false, brokenAt: 3, reason: 'sequence gap', expected: '3', actual: '4' });
  });

  it('detects a cut tail through an anchor, naming the first missing sequence', async () => {
    const events = chain(8);
    const anchor = anchorOf(events[6]!);
    await expect(verifyChain(batches(events.slice(0, 5)), [anchor])).resolves.toEqual({ ok: false, brokenAt: 6, reason: 'truncated after anchor', expected: '7', actual: '5' });
  });

  it('detects an anchor that disagrees with the chain', async () => {
    const events = chain(4);
    await expect(verifyChain(batches(events), [{ ...anchorOf(events[1]!), hash: 'f'.repeat(64) }])).resolves.toMatchObject({ ok: false, brokenAt: 2, reason: 'anchor mismatch' });
  });

  it('resumes from a trusted point', async () => {
    const events = chain(6);
    await expect(verifyChain(batches(events.slice(3)), [], events[2]!)).resolves.toMatchObject({ ok: true, count: 3, headSequence: 6 });
  });
});

describe('draftEvent', () => {
  it('takes channel, request id and address from the request context unless given', () => {
    const draft = runInContext({ requestId: 'r-1', channel: 'taxii', sourceAddress: '198.51.100.7' }, () =>
      draftEvent({ action: 'stix.read', outcome: 'ok', actor: { clientId: 'c', partnerId: 'p' }, details: { token: 'x' } }),
    );
    expect(draft).toEqual({ actorClientId: 'c', partnerId: 'p', action: 'stix.read', channel: 'taxii', requestId: 'r-1', sourceAddress: '198.51.100.7', outcome: 'ok', targetIds: [], details: {} });
    expect(draftEvent({ action: 'auth.denied', outcome: 'denied' })).toMatchObject({ channel: 'system', requestId: null, actorClientId: null });
  });

  it('refuses an unknown action or outcome', () => {
    expect(() => draftEvent({ action: 'stix.delete' as never, outcome: 'ok' })).toThrow(/unknown audit action/);
    expect(() => draftEvent({ action: 'stix.read', outcome: 'maybe' as never })).toThrow(/unknown audit outcome/);
  });
});
