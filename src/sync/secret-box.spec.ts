import { randomBytes } from 'node:crypto';
import { open, seal } from './secret-box';

describe('secret-box (AES-256-GCM)', () => {
  const key = randomBytes(32);

  it('round-trips, and never stores the plaintext', () => {
    const sealed = seal(key, 's3cret-value', 'peer:1:secret');
    expect(sealed).not.toContain('s3cret');
    expect(open(key, sealed, 'peer:1:secret')).toBe('s3cret-value');
    expect(seal(key, 's3cret-value', 'peer:1:secret')).not.toBe(sealed);
  });

  it('refuses another key, another context or a changed byte', () => {
    const sealed = seal(key, 'value', 'peer:1:secret');
    expect(() => open(randomBytes(32), sealed, 'peer:1:secret')).toThrow();
    expect(() => open(key, sealed, 'peer:2:secret')).toThrow();
    const parts = sealed.split('.');
    const data = Buffer.from(parts[3]!, 'base64url');
    data[0] = data[0]! ^ 1;
    expect(() => open(key, [parts[0], parts[1], parts[2], data.toString('base64url')].join('.'), 'peer:1:secret')).toThrow();
    expect(() => open(key, 'garbage', 'peer:1:secret')).toThrow('not a sealed value');
  });
});
