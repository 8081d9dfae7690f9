import { decodeCursor, encodeCursor } from './taxii-cursor';

describe('TAXII next cursor', () => {
  it('round-trips the keyset', () => {
    const cursor = { dateAdded: '2026-11-25T17:38:32.123456Z', seq: '9007199254740993' };
    const next = encodeCursor(cursor);
    expect(next).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(next)).toEqual(cursor);
  });

  it.each(['', 'not a cursor!', Buffer.from('2026-11-25T17:38:32Z/1').toString('base64url'), Buffer.from('2026-11-25T17:38:32.123456Z/x').toString('base64url'),
    Buffer.from('2026-11-25T17:38:32.123456Z/1/2').toString('base64url'), 'a'.repeat(101)])('refuses %p', (next) => {
    expect(decodeCursor(next)).toBeUndefined();
  });
});
