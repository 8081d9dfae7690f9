import { Injectable } from '@nestjs/common';
import type { Actor } from '../auth/actor';
import { AppError } from '../common/errors/app-error';
import { ActorTransactions } from '../database/actor-transaction.service';
import { PolicyService } from '../policy/policy.service';
import { foldStatistics, type IncidentFigures, type StatisticsCell } from './incident-statistics';

/**
 * The annual figures. Counts go through the sharing policy like any list (the condition is in the
 * WHERE of the aggregate, never applied after counting): a partner counts only incidents it can see,
 * HOME counts all. Drills are counted only when asked for, and then only drills. Months are UTC.
 */
@Injectable()
export class IncidentStatisticsService {
  constructor(
    private readonly tx: ActorTransactions,
    private readonly policy: PolicyService,
  ) {}

  async forYear(actor: Actor, year: number, exercise = false): Promise<IncidentFigures> {
    if (!Number.isInteger(year) || year < 1970 || year > 9999) throw AppError.badInput(`year must be between 1970 and 9999 (got ${year})`, { argument: 'year' });
    const from = new Date(Date.UTC(year, 0, 1));
    const to = new Date(Date.UTC(year + 1, 0, 1));
    return this.tx.read(actor, async (m) => {
      // From the rollup the database keeps exact (migrations/1764180000000-incident-figures.ts); its rows
      // carry the incidents' sharing columns, so the policy condition is the one every list uses.
      const visible = this.policy.visibleTo(actor, 'f', 2);
      // A literal, not a parameter: drills and real incidents are different rows of the rollup.
      const drills = exercise ? 'f.exercise' : 'NOT f.exercise';
      const cells: StatisticsCell[] = await m.query(
        `SELECT CAST(extract(month FROM f.month) AS int) AS month, f.category, f.subcategory, f.source, CAST(sum(f.n) AS int) AS count
           FROM incident_figures f
          WHERE ${drills} AND f.month >= CAST($1 AS date) AND f.month < CAST($2 AS date) AND ${visible.sql}
          GROUP BY 1, 2, 3, 4 HAVING sum(f.n) > 0 ORDER BY 1, 2, 3, 4`,
        [`${year}-01-01`, `${year + 1}-01-01`, ...visible.params],
      );
      const advisoriesVisible = this.policy.visibleTo(actor, 'a', 2);
      const advisories: { n: number }[] = await m.query(
        `SELECT CAST(count(*) AS int) AS n FROM advisories a WHERE a.published_at >= $1 AND a.published_at < $2 AND ${advisoriesVisible.sql}`,
        [from, to, ...advisoriesVisible.params],
      );
      return foldStatistics(year, exercise, cells, exercise ? 0 : advisories[0]!.n);
    });
  }
}
