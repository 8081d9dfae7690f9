import { compareTimestamps, parseStixTimestamp, stixTimestamp, timestampError } from './timestamp';

describe('STIX timestamps', () => {
  it.each([
    ['2016-01-01T00:00:00Z', undefined],
    ['2016-01-01T00:00:00.123456789Z', undefined],
    ['2016-02-29T23:59:60Z', undefined],
    ['2015-02-29T00:00:00Z', 'range'],
    ['2016-01-01T24:00:00Z', 'range'],
    ['2016-01-01T00:00:00z', 'format'],
    ['2016-01-01 00:00:00Z', 'format'],
    ['2016-01-01T00:00:00+00:00', 'format'],
    ['2016-01-01T00:00:00.Z', 'format'],
  ])('%s → %s', (ts, error) => {
    expect(timestampError(ts)).toBe(error);
  });

  it('requires milliseconds when asked', () => {
    expect(timestampError('2016-01-01T00:00:00.12Z', true)).toBe('millis');
    expect(timestampError('2016-01-01T00:00:00.123Z', true)).toBeUndefined();
  });

  it('compares at any precision', () => {
    expect(compareTimestamps('2016-01-01T00:00:00.1Z', '2016-01-01T00:00:00.100000Z')).toBe(0);
    expect(compareTimestamps('2016-01-01T00:00:00.0000001Z', '2016-01-01T00:00:00Z')).toBe(1);
    expect(compareTimestamps('2015-12-31T23:59:59.999999Z', '2016-01-01T00:00:00Z')).toBe(-1);
  });

  it('formats and parses, keeping the sub-millisecond digits', () => {
    expect(stixTimestamp(new Date(Date.UTC(2020, 0, 2, 3, 4, 5, 6)))).toBe('2020-01-02T03:04:05.006Z');
    expect(parseStixTimestamp('2020-01-02T03:04:05.006789Z')).toEqual({ epochMs: Date.UTC(2020, 0, 2, 3, 4, 5, 6), subMillis: '789' });
    expect(parseStixTimestamp('2020-01-02')).toBeUndefined();
  });
});
