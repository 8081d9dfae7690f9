import type { AuditAnchor, VerifyResult } from './audit-event.types';
import { chainHash, GENESIS_HASH, type HashedFields } from './canonical-form';

/** An event as stored: the hashed fields plus both hashes. */
export interface StoredEvent extends HashedFields {
  readonly prevHash: string;
  readonly hash: string;
}

/**
 * Walks the chain in sequence order, batch by batch, and stops at the first broken link. Per event, in
 * this order: the sequence is the next one (a missing, repeated or reordered number is a 'sequence gap'
 * at the number expected); prev_hash equals the previous hash; the hash recomputes; an anchor at this
 * sequence holds the same hash. At the end, an anchor beyond the head means the tail was cut: the first
 * missing sequence is reported. Tail events newer than every anchor can vanish unnoticed: anchor often.
 */
export async function verifyChain(
  batches: AsyncIterable<readonly StoredEvent[]>,
  anchors: readonly AuditAnchor[],
  /** Resume after a trusted point (an anchor) instead of the genesis; batches then start after it. */
  start?: { readonly sequence: number; readonly hash: string },
): Promise<VerifyResult> {
  const anchorBySequence = new Map<number, AuditAnchor>();
  for (const a of anchors) {
    const seen = anchorBySequence.get(a.sequence);
    // Two anchors (table and file) disagreeing about one sequence: at least one was forged.
    if (seen && seen.hash !== a.hash) return { ok: false, brokenAt: a.sequence, reason: 'anchor mismatch', expected: seen.hash, actual: a.hash };
    anchorBySequence.set(a.sequence, a);
  }
  let expected = (start?.sequence ?? 0) + 1;
  let prevHash = start?.hash ?? GENESIS_HASH;
  let anchorsChecked = 0;
  for await (const batch of batches) {
    for (const e of batch) {
      if (e.sequence !== expected) {
        return { ok: false, brokenAt: expected, reason: 'sequence gap', expected: String(expected), actual: String(e.sequence) };
      }
      if (e.prevHash !== prevHash) return { ok: false, brokenAt: e.sequence, reason: 'prev_hash mismatch', expected: prevHash, actual: e.prevHash };
      const recomputed = chainHash(e.prevHash, e);
      if (recomputed !== e.hash) return { ok: false, brokenAt: e.sequence, reason: 'hash mismatch', expected: recomputed, actual: e.hash };
      const anchor = anchorBySequence.get(e.sequence);
      if (anchor) {
        if (anchor.hash !== e.hash) return { ok: false, brokenAt: e.sequence, reason: 'anchor mismatch', expected: anchor.hash, actual: e.hash };
        anchorsChecked++;
      }
      prevHash = e.hash;
      expected++;
    }
  }
  const head = expected - 1;
  const beyond = [...anchorBySequence.keys()].filter((s) => s > head);
  if (beyond.length > 0) {
    // expected: the newest anchored sequence; actual: the head that is left.
    return { ok: false, brokenAt: head + 1, reason: 'truncated after anchor', expected: String(Math.max(...beyond)), actual: String(head) };
  }
  return { ok: true, count: head - (start?.sequence ?? 0), headSequence: head, headHash: prevHash, anchorsChecked };
}
