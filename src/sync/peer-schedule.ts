// cron-parser comes with pg-boss (which parses its own schedules with it); we use the same to read a peer's.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const cronParser = require('cron-parser') as { parseExpression(expr: string, options: { utc: boolean; currentDate?: Date }): { next(): { toDate(): Date } } };

/** The next time after `after` a five-field cron (UTC) fires; throws on an invalid expression. */
export function nextRun(cron: string, after: Date = new Date()): Date {
  if (cron.trim().split(/\s+/).length !== 5) throw new Error('a schedule is five cron fields (minute hour day month weekday), in UTC');
  return cronParser.parseExpression(cron, { utc: true, currentDate: after }).next().toDate();
}
