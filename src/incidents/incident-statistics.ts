import { INCIDENT_CATEGORIES, INCIDENT_SOURCES, INCIDENT_SUBCATEGORIES, type IncidentCategory, type IncidentSource, type IncidentSubcategory } from './incident.model';

/** One group of the statistics query: incidents reported in one UTC month with one category, subcategory and source. */
export interface StatisticsCell {
  readonly month: number;
  readonly category: IncidentCategory;
  readonly subcategory: IncidentSubcategory;
  readonly source: IncidentSource;
  readonly count: number;
}

export interface Count<K extends string> {
  readonly key: K;
  readonly count: number;
}

export interface MonthFigures {
  readonly month: number;
  readonly total: number;
  readonly byCategory: Count<IncidentCategory>[];
}

export interface IncidentFigures {
  readonly year: number;
  readonly exercise: boolean;
  readonly total: number;
  readonly byCategory: Count<IncidentCategory>[];
  readonly bySubcategory: Count<IncidentSubcategory>[];
  readonly bySource: Count<IncidentSource>[];
  /** Always twelve, January first, zeros included: a chart needs every month. */
  readonly months: MonthFigures[];
  readonly cells: StatisticsCell[];
  readonly advisories: number;
}

function countBy<K extends string>(keys: readonly K[], cells: readonly StatisticsCell[], keyOf: (c: StatisticsCell) => K): Count<K>[] {
  const totals = new Map<K, number>(keys.map((k) => [k, 0]));
  for (const c of cells) totals.set(keyOf(c), (totals.get(keyOf(c)) ?? 0) + c.count);
  return keys.map((key) => ({ key, count: totals.get(key)! }));
}

/** Folds the grouped rows into the figures of the annual report; pure so the arithmetic is tested alone. */
export function foldStatistics(year: number, exercise: boolean, cells: readonly StatisticsCell[], advisories: number): IncidentFigures {
  const months = Array.from({ length: 12 }, (_, i) => {
    const inMonth = cells.filter((c) => c.month === i + 1);
    return { month: i + 1, total: inMonth.reduce((s, c) => s + c.count, 0), byCategory: countBy(INCIDENT_CATEGORIES, inMonth, (c) => c.category) };
  });
  return {
    year,
    exercise,
    total: cells.reduce((s, c) => s + c.count, 0),
    byCategory: countBy(INCIDENT_CATEGORIES, cells, (c) => c.category),
    bySubcategory: countBy(INCIDENT_SUBCATEGORIES, cells, (c) => c.subcategory),
    bySource: countBy(INCIDENT_SOURCES, cells, (c) => c.source),
    months,
    cells: [...cells],
    advisories,
  };
}
