// The cron-parser major that pg-boss parses its own schedules with, so a peer's schedule means what a job's does.
import { parseExpression } from 'cron-parser';

/** The next time after `after` a five-field cron (UTC) fires; throws on an invalid expression. */
export function nextRun(cron: string, after: Date = new Date()): Date {
  if (cron.trim().split(/\s+/).length !== 5) throw new Error('a schedule is five cron fields (minute hour day month weekday), in UTC');
  return parseExpression(cron, { utc: true, currentDate: after }).next().toDate();
}
