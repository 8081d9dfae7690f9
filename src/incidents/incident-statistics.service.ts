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
      const visible = this.policy.visibleTo(actor, 'i', 2);
      // A literal, not a parameter: the planner can then use the partial index over real incidents.
      const drills = exercise ? 'i.exercise' : 'NOT i.exercise';
      const cells: StatisticsCell[] = await m.query(
        `SELECT CAST(extract(month FROM i.reported_at AT TIME ZONE 'UTC') AS int) AS month, i.category, i.subcategory, i.source, CAST(count(*) AS int) AS count
           FROM incidents i
          WHERE ${drills} AND i.reported_at >= $1 AND i.reported_at < $2 AND ${visible.sql}
          GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`,
        [from, to, ...visible.params],
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
