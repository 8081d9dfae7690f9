import { nextRun } from './peer-schedule';

describe('nextRun', () => {
  it('reads five-field cron in UTC', () => {
    expect(nextRun('*/15 * * * *', new Date('2026-11-25T10:07:00Z')).toISOString()).toBe('2026-11-25T10:15:00.000Z');
    expect(nextRun('0 3 * * *', new Date('2026-11-25T10:07:00Z')).toISOString()).toBe('2026-11-26T03:00:00.000Z');
  });

  it('refuses anything else', () => {
    expect(() => nextRun('every hour')).toThrow();
    expect(() => nextRun('0 0 * * * *')).toThrow(/five cron fields/);
    expect(() => nextRun('61 * * * *')).toThrow();
  });
});
