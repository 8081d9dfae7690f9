/**
 * Counts failed authentications per key (client id, source address) in a sliding window. Once a key is over
 * the limit, attempts are refused before any secret is checked, which also spares the argon2 work.
 * In memory, per replica: with N replicas an attacker gets at most N times the limit.
 */
export class AuthRateLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Seconds until the key may try again, or 0 when it may try now. */
  retryAfter(keys: readonly string[]): number {
    const now = this.now();
    let wait = 0;
    for (const key of keys) {
      const recent = this.recent(key, now);
      if (recent.length >= this.limit) wait = Math.max(wait, Math.ceil((recent[0]! + this.windowMs - now) / 1000));
    }
    return wait;
  }

  fail(keys: readonly string[]): void {
    const now = this.now();
    for (const key of keys) {
      const recent = this.recent(key, now);
      recent.push(now);
      this.failures.set(key, recent);
    }
    if (this.failures.size > 100_000) this.prune(now);
  }

  succeed(keys: readonly string[]): void {
    for (const key of keys) if (key.startsWith('client:')) this.failures.delete(key);
  }

  private recent(key: string, now: number): number[] {
    return (this.failures.get(key) ?? []).filter((t) => t > now - this.windowMs);
  }

  private prune(now: number): void {
    for (const [key, times] of this.failures) if (!times.some((t) => t > now - this.windowMs)) this.failures.delete(key);
  }
}
