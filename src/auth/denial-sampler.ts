/**
 * Decides which rejected bearer tokens are written to the audit trail. Every request with a bad token would
 * otherwise be one audit write: a flood of garbage tokens would become a flood of hash-chained inserts. The
 * first denial per key (source address and reason) in a window is recorded; the rest are counted and the
 * count travels with the next recorded denial of that key, so the trail still says how many there were.
 * In memory, per replica, bounded.
 */
export class DenialSampler {
  private readonly windows = new Map<string, { openedAt: number; suppressed: number }>();

  constructor(
    private readonly windowMs: number,
    private readonly maxKeys = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** `record` says whether to audit this denial; `suppressed` is how many of the key's were skipped before it. */
  sample(key: string): { record: boolean; suppressed: number } {
    const now = this.now();
    const open = this.windows.get(key);
    if (open && now - open.openedAt < this.windowMs) {
      open.suppressed += 1;
      return { record: false, suppressed: 0 };
    }
    if (!open && this.windows.size >= this.maxKeys) this.prune(now);
    this.windows.set(key, { openedAt: now, suppressed: 0 });
    return { record: true, suppressed: open?.suppressed ?? 0 };
  }

  private prune(now: number): void {
    for (const [key, w] of this.windows) if (now - w.openedAt >= this.windowMs) this.windows.delete(key);
    // Still full (many addresses within one window): forget the oldest half rather than grow without bound.
    if (this.windows.size >= this.maxKeys) [...this.windows.keys()].slice(0, this.maxKeys / 2).forEach((k) => this.windows.delete(k));
  }
}
