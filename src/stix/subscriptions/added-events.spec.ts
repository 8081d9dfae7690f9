import { decodeSeqs, encodeSeqs } from './added-events';

describe('NOTIFY payloads of added versions', () => {
  it('writes runs and reads them back', () => {
    expect(encodeSeqs(['7', '3', '4', '5', '9', '4'])).toEqual(['3-5,7,9']);
    expect(decodeSeqs('3-5,7,9')).toEqual(['3', '4', '5', '7', '9']);
  });

  it('splits what does not fit one NOTIFY, losing nothing', () => {
    const seqs = Array.from({ length: 3000 }, (_, i) => String(1_000_000 + i * 2));
    const payloads = encodeSeqs(seqs);
    expect(payloads.length).toBeGreaterThan(1);
    for (const p of payloads) expect(Buffer.byteLength(p)).toBeLessThan(8000);
    expect(payloads.flatMap((p) => decodeSeqs(p)!)).toEqual(seqs);
  });

  it('refuses what it did not write', () => {
    for (const bad of ['', 'x', '5-3', '1,,2', '1-99999999', '-1', '1;DROP']) expect(decodeSeqs(bad)).toBeNull();
  });
});
