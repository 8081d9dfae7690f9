import { encodeCursor } from './taxii-cursor';
import { microTimestamp, parseTaxiiFilter } from './taxii-filter';
import { TaxiiError } from './taxii-error';

const ALL = ['id', 'type', 'version', 'spec_version'] as const;

function status(fn: () => unknown): number | undefined {
  try {
    fn();
    return undefined;
  } catch (error) {
    return error instanceof TaxiiError ? error.status : -1;
  }
}

describe('TAXII filter parameters', () => {
  it('defaults to the server maximum and the last version', () => {
    expect(parseTaxiiFilter({}, 500, ALL)).toEqual({ limit: 500, versions: { first: false, last: true, all: false, at: [] } });
  });

  it('cuts a limit above the maximum to it and refuses a malformed one', () => {
    expect(parseTaxiiFilter({ limit: '10' }, 500, ALL).limit).toBe(10);
    expect(parseTaxiiFilter({ limit: '100000' }, 500, ALL).limit).toBe(500);
    for (const bad of ['0', '-1', 'ten', '1.5', '', '99999999999']) expect(status(() => parseTaxiiFilter({ limit: bad }, 500, ALL))).toBe(400);
    expect(status(() => parseTaxiiFilter({ limit: ['1', '2'] }, 500, ALL))).toBe(400);
  });

  it('reads match lists, comma-separated or repeated, without duplicates', () => {
    const id = 'indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f';
    const f = parseTaxiiFilter({ 'match[id]': `${id},${id}`, 'match[type]': ['indicator', 'malware,report'], 'match[spec_version]': '2.1' }, 500, ALL);
    expect(f).toMatchObject({ ids: [id], types: ['indicator', 'malware', 'report'], specVersions: ['2.1'] });
    expect(status(() => parseTaxiiFilter({ 'match[id]': 'not-an-id' }, 500, ALL))).toBe(400);
    expect(status(() => parseTaxiiFilter({ 'match[type]': 'Bad Type' }, 500, ALL))).toBe(400);
  });

  it('ignores the match parameters an endpoint does not honour', () => {
    expect(parseTaxiiFilter({ 'match[type]': 'indicator', 'match[version]': 'all' }, 500, ['spec_version'])).toEqual({
      limit: 500,
      versions: { first: false, last: true, all: false, at: [] },
    });
  });

  it('reads match[version] keywords and timestamps', () => {
    expect(parseTaxiiFilter({ 'match[version]': 'first,last' }, 500, ALL).versions).toEqual({ first: true, last: true, all: false, at: [] });
    expect(parseTaxiiFilter({ 'match[version]': 'all' }, 500, ALL).versions.all).toBe(true);
    expect(parseTaxiiFilter({ 'match[version]': '2026-11-01T00:00:00.1234567Z' }, 500, ALL).versions.at).toEqual(['2026-11-01T00:00:00.123456Z']);
    expect(status(() => parseTaxiiFilter({ 'match[version]': 'newest' }, 500, ALL))).toBe(400);
    expect(status(() => parseTaxiiFilter({ 'match[version]': '2026-13-45T00:00:00Z' }, 500, ALL))).toBe(400);
  });

  it('reads added_after with microseconds and next as issued', () => {
    expect(parseTaxiiFilter({ added_after: '2026-11-01T00:00:00Z' }, 500, ALL).addedAfter).toBe('2026-11-01T00:00:00.000000Z');
    expect(status(() => parseTaxiiFilter({ added_after: 'yesterday' }, 500, ALL))).toBe(400);
    const next = encodeCursor({ dateAdded: '2026-11-01T00:00:00.000001Z', seq: '42' });
    expect(parseTaxiiFilter({ next }, 500, ALL).next).toEqual({ dateAdded: '2026-11-01T00:00:00.000001Z', seq: '42' });
    expect(status(() => parseTaxiiFilter({ next: 'garbage!' }, 500, ALL))).toBe(400);
  });

  it('cuts timestamps to microseconds', () => {
    expect(microTimestamp('2026-11-01T00:00:00.1Z')).toBe('2026-11-01T00:00:00.100000Z');
    expect(microTimestamp('2026-11-01T00:00:00+08:00')).toBeUndefined();
  });
});
