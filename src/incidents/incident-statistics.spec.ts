import { foldStatistics, type StatisticsCell } from './incident-statistics';

describe('foldStatistics', () => {
  const cells: StatisticsCell[] = [
    { month: 1, category: 'VIRUS', subcategory: 'MALWARE_HOSTING', source: 'REPORTED', count: 20 },
    { month: 1, category: 'SECURITY', subcategory: 'PHISHING', source: 'PROACTIVE', count: 70 },
    { month: 12, category: 'SECURITY', subcategory: 'PHISHING', source: 'REPORTED', count: 5 },
    { month: 12, category: 'OTHER', subcategory: 'OTHER', source: 'REPORTED', count: 1 },
  ];

  it('totals per category, subcategory and source', () => {
    const f = foldStatistics(2009, false, cells, 3);
    expect(f.total).toBe(96);
    expect(f.byCategory).toEqual([{ key: 'VIRUS', count: 20 }, { key: 'SECURITY', count: 75 }, { key: 'OTHER', count: 1 }]);
    expect(f.bySource).toEqual([{ key: 'REPORTED', count: 26 }, { key: 'PROACTIVE', count: 70 }]);
    expect(f.bySubcategory.find((s) => s.key === 'PHISHING')?.count).toBe(75);
    expect(f.bySubcategory).toHaveLength(10);
    expect(f.advisories).toBe(3);
  });

  it('gives all twelve months, empty ones as zeros', () => {
    const f = foldStatistics(2009, false, cells, 0);
    expect(f.months.map((m) => m.total)).toEqual([90, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 6]);
    expect(f.months[11]!.byCategory).toEqual([{ key: 'VIRUS', count: 0 }, { key: 'SECURITY', count: 5 }, { key: 'OTHER', count: 1 }]);
  });

  it('is all zeros for a year without incidents', () => {
    const f = foldStatistics(2030, true, [], 0);
    expect(f.total).toBe(0);
    expect(f.months.every((m) => m.total === 0)).toBe(true);
  });
});
