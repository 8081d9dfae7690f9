/**
 * How ingest tells every replica that new current versions exist: a PostgreSQL NOTIFY on
 * `STIX_ADDED_CHANNEL` sent inside the ingest transaction, which PostgreSQL delivers only if and when that
 * transaction commits. The payload is keys only (the versions' `seq`s, as runs `a-b`), never an object:
 * each replica re-reads the rows for each subscriber through the policy.
 */
export const STIX_ADDED_CHANNEL = 'cx_stix_added';

/** NOTIFY payloads must stay under 8,000 bytes; a bundle's seqs that do not fit go in several. */
const MAX_PAYLOAD = 7000;
const RUN = /^(\d{1,15})(?:-(\d{1,15}))?$/;
/** More seqs than a bundle can hold means the payload is not ours. */
const MAX_SEQS = 100_000;

/** Seqs (decimal strings) as comma-separated runs, split into payloads that fit a NOTIFY. */
export function encodeSeqs(seqs: readonly string[]): string[] {
  const sorted = [...new Set(seqs.map(Number))].sort((a, b) => a - b);
  const runs: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    runs.push(i === j ? `${sorted[i]}` : `${sorted[i]}-${sorted[j]}`);
    i = j + 1;
  }
  const payloads: string[] = [];
  let current = '';
  for (const run of runs) {
    if (current.length > 0 && current.length + 1 + run.length > MAX_PAYLOAD) {
      payloads.push(current);
      current = '';
    }
    current = current ? `${current},${run}` : run;
  }
  if (current) payloads.push(current);
  return payloads;
}

/** The seqs of one payload, or null when it is not one `encodeSeqs` wrote. */
export function decodeSeqs(payload: string): string[] | null {
  const seqs: string[] = [];
  for (const part of payload.split(',')) {
    const match = RUN.exec(part);
    if (!match) return null;
    const from = Number(match[1]);
    const to = match[2] === undefined ? from : Number(match[2]);
    if (to < from || seqs.length + (to - from) >= MAX_SEQS) return null;
    for (let s = from; s <= to; s++) seqs.push(String(s));
  }
  return seqs;
}
