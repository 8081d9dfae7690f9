import { AuthRateLimiter } from './auth-rate-limiter';

describe('AuthRateLimiter', () => {
  it('refuses a key after the limit within the window, and lets it try again after', () => {
    let now = 1_000_000;
    const limiter = new AuthRateLimiter(3, 60_000, () => now);
    const keys = ['client:a', 'ip:1.2.3.4'];
    for (let i = 0; i < 3; i++) {
      expect(limiter.retryAfter(keys)).toBe(0);
      limiter.fail(keys);
      now += 1000;
    }
    expect(limiter.retryAfter(keys)).toBe(57);
    expect(limiter.retryAfter(['ip:1.2.3.4'])).toBe(57);
    expect(limiter.retryAfter(['client:b'])).toBe(0);
    now += 57_000; // the oldest failure (at the start) leaves the window
    expect(limiter.retryAfter(keys)).toBe(0);
  });

  it('forgets a client\'s failures on success but keeps the address count', () => {
    const limiter = new AuthRateLimiter(2, 60_000, () => 5);
    limiter.fail(['client:a', 'ip:x']);
    limiter.fail(['client:a', 'ip:x']);
    limiter.succeed(['client:a', 'ip:x']);
    expect(limiter.retryAfter(['client:a'])).toBe(0);
    expect(limiter.retryAfter(['ip:x'])).toBeGreaterThan(0);
  });
});
