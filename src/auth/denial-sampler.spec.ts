import { DenialSampler } from './denial-sampler';

describe('DenialSampler', () => {
  let now = 0;
  const sampler = () => new DenialSampler(1000, 4, () => now);

  beforeEach(() => {
    now = 0;
  });

  it('records the first denial of a key and counts the rest of its window', () => {
    const s = sampler();
    expect(s.sample('a')).toEqual({ record: true, suppressed: 0 });
    expect(s.sample('a')).toEqual({ record: false, suppressed: 0 });
    expect(s.sample('a')).toEqual({ record: false, suppressed: 0 });
    now = 1000;
    expect(s.sample('a')).toEqual({ record: true, suppressed: 2 });
    expect(s.sample('a')).toEqual({ record: false, suppressed: 0 });
  });

  it('keeps keys apart', () => {
    const s = sampler();
    expect(s.sample('a').record).toBe(true);
    expect(s.sample('b').record).toBe(true);
    expect(s.sample('a').record).toBe(false);
  });

  it('stays bounded when many keys arrive within one window, and still records new keys', () => {
    const s = sampler();
    for (let i = 0; i < 50; i += 1) expect(s.sample(`k${i}`).record).toBe(true);
    expect((s as unknown as { windows: Map<string, unknown> }).windows.size).toBeLessThanOrEqual(4);
  });
});
