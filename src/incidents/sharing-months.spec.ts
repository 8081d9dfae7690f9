import { AppError } from '../common/errors/app-error';
import { monthRange, monthsBetween } from './sharing-months';

describe('sharing statistics months', () => {
  it('spans whole UTC months, both ends included, across a year end', () => {
    const range = monthRange('2025-11', '2026-02');
    expect(range.start.toISOString()).toBe('2025-11-01T00:00:00.000Z');
    expect(range.end.toISOString()).toBe('2026-03-01T00:00:00.000Z');
    expect(monthsBetween(range)).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
    expect(monthsBetween(monthRange('2026-12', '2026-12'))).toEqual(['2026-12']);
  });

  it.each([
    ['2026-1', '2026-02', 'from'],
    ['2026-13', '2026-12', 'from'],
    ['2026-01', 'December', 'to'],
    ['2026-03', '2026-02', 'from'],
    ['2000-01', '2010-01', 'to'],
  ])('refuses %s..%s naming %s', (from, to, argument) => {
    let error: unknown;
    try {
      monthRange(from, to);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('BAD_USER_INPUT');
    expect((error as AppError).details).toMatchObject({ argument });
  });
});
