import type { ProblemDetail } from '../../common/errors/app-error';
import { checkPullUrl } from './url-source';

/** Each cron field: `*`, a number or a range, an optional `/step`, comma lists; with its allowed range. */
const CRON_FIELDS: ReadonlyArray<readonly [string, number, number]> = [['minute', 0, 59], ['hour', 0, 23], ['day of month', 1, 31], ['month', 1, 12], ['day of week', 0, 7]];
const CRON_PART = /^(\*|(\d+)(?:-(\d+))?)(?:\/(\d+))?$/;

/** Problems of a five-field cron expression (numbers only, UTC), or undefined when it is one. */
export function cronProblem(cron: string): string | undefined {
  const fields = cron.trim().split(/\s+/);
  if (fields.length !== 5) return 'must have five fields: minute hour day-of-month month day-of-week (UTC), e.g. "0 * * * *"';
  for (let i = 0; i < 5; i++) {
    const [name, min, max] = CRON_FIELDS[i]!;
    for (const part of fields[i]!.split(',')) {
      const m = CRON_PART.exec(part);
      const numbers = m ? [m[2], m[3]].filter((n) => n !== undefined).map(Number) : [];
      if (!m || numbers.some((n) => n < min || n > max) || (numbers.length === 2 && numbers[0]! > numbers[1]!) || (m[4] !== undefined && Number(m[4]) < 1)) {
        return `${name} "${fields[i]}" is not *, a number ${min}-${max}, a range, a /step or a list of those`;
      }
    }
  }
  return undefined;
}

/** The pull settings of a feed: an http(s) URL, a cron schedule that needs it, an auth header from the environment. */
export function checkPullSettings(input: { url?: string | null; schedule?: string | null; authHeader?: string | null; authEnv?: string | null }): ProblemDetail[] {
  const problems: ProblemDetail[] = [];
  if (input.url) {
    const url = checkPullUrl(input.url);
    if (typeof url === 'string') problems.push({ path: 'url', message: url });
  }
  if (input.schedule) {
    const problem = cronProblem(input.schedule);
    if (problem) problems.push({ path: 'schedule', message: problem });
    if (!input.url) problems.push({ path: 'schedule', message: 'needs a url to pull from' });
  }
  if (!!input.authHeader !== !!input.authEnv) problems.push({ path: input.authHeader ? 'authEnv' : 'authHeader', message: 'authHeader and authEnv go together' });
  if (input.authHeader && !/^[A-Za-z0-9-]{1,64}$/.test(input.authHeader)) problems.push({ path: 'authHeader', message: 'must be a header name (letters, digits, -)' });
  // Only variables made for feeds: a feed pointed at any URL must never be able to send the exchange's own
  // secrets (SYNC_SECRET_KEY, DATABASE_URL, …) as its header.
  if (input.authEnv && !/^HOST_FEED_[A-Z0-9_]{1,118}$/.test(input.authEnv)) problems.push({ path: 'authEnv', message: 'must be an environment variable named HOST_FEED_… (A-Z, 0-9, _)' });
  if (input.authHeader && !input.url) problems.push({ path: 'authHeader', message: 'needs a url to pull from' });
  return problems;
}
