import { AppError } from '../errors/app-error';
import { decodeCursor, encodeCursor, pageSize, toConnection } from './pagination';

describe('pagination', () => {
  it('round-trips a keyset cursor', () => {
    expect(decodeCursor(encodeCursor(['2026-01-01T00:00:00.000001Z', 42]), 2)).toEqual(['2026-01-01T00:00:00.000001Z', 42]);
  });

  it.each(['garbage', encodeCursor(['only-one']), Buffer.from('{"a":1}').toString('base64url')])('rejects a cursor it did not issue: %s', (cursor) => {
    expect(() => decodeCursor(cursor, 2)).toThrow(AppError);
    expect(() => decodeCursor(cursor, 2)).toThrow('after is not a cursor this query issued');
  });

  it('bounds the page size and refuses more than the maximum', () => {
    expect(pageSize(undefined, 500)).toBe(50);
    expect(pageSize(undefined, 20)).toBe(20);
    expect(pageSize(500, 500)).toBe(500);
    expect(() => pageSize(501, 500)).toThrow('first must be between 1 and 500 (got 501)');
    expect(() => pageSize(0, 500)).toThrow('first must be between 1 and 500 (got 0)');
  });

  it('uses the extra row only to say there is a next page', () => {
    const c = toConnection([{ k: 1 }, { k: 2 }, { k: 3 }], 2, (r) => [r.k]);
    expect(c.edges.map((e) => e.node.k)).toEqual([1, 2]);
    expect(c.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false, endCursor: encodeCursor([2]) });
    expect(toConnection([{ k: 1 }], 2, (r) => [r.k]).pageInfo.hasNextPage).toBe(false);
  });
});
