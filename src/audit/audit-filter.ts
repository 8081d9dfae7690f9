import { AppError, type ProblemDetail } from '../common/errors/app-error';
import { AUDIT_OUTCOMES, isAuditAction } from './audit-actions';
import type { AuditFilter } from './audit-event.types';

const MAX_ID_LENGTH = 256;

/** Rejects a filter that cannot mean what the caller wants: unknown action or outcome, reversed times. */
export function checkFilter(filter: AuditFilter): void {
  const problems: ProblemDetail[] = [];
  if (filter.action !== undefined && !isAuditAction(filter.action)) problems.push({ path: 'filter.action', message: `unknown action "${String(filter.action).slice(0, 64)}"` });
  if (filter.outcome !== undefined && !(AUDIT_OUTCOMES as readonly string[]).includes(filter.outcome)) {
    problems.push({ path: 'filter.outcome', message: `must be one of ${AUDIT_OUTCOMES.join(', ')}` });
  }
  for (const key of ['actorClientId', 'partnerId', 'target'] as const) {
    const value = filter[key];
    if (value !== undefined && (typeof value !== 'string' || value.length === 0 || value.length > MAX_ID_LENGTH)) {
      problems.push({ path: `filter.${key}`, message: `must be 1 to ${MAX_ID_LENGTH} characters` });
    }
  }
  for (const key of ['from', 'to'] as const) {
    const value = filter[key];
    if (value !== undefined && (!(value instanceof Date) || Number.isNaN(value.getTime()))) problems.push({ path: `filter.${key}`, message: 'must be a valid time' });
  }
  if (problems.length === 0 && filter.from && filter.to && filter.from.getTime() > filter.to.getTime()) {
    problems.push({ path: 'filter.to', message: 'must not be before from (the time range is reversed)' });
  }
  if (problems.length > 0) throw AppError.invalid(problems, 'invalid audit filter');
}

/** SQL conditions on alias `e` for a checked filter; values are appended to `params`. */
export function filterConditions(filter: AuditFilter, params: unknown[]): string[] {
  const where: string[] = [];
  const add = (sql: (placeholder: string) => string, value: unknown): void => {
    params.push(value);
    where.push(sql(`$${params.length}`));
  };
  if (filter.actorClientId !== undefined) add((p) => `e.actor_client_id = ${p}`, filter.actorClientId);
  if (filter.partnerId !== undefined) add((p) => `e.partner_id = ${p}`, filter.partnerId);
  if (filter.action !== undefined) add((p) => `e.action = ${p}`, filter.action);
  if (filter.outcome !== undefined) add((p) => `e.outcome = ${p}`, filter.outcome);
  // @> with a one-element array is what the GIN index on target_ids serves.
  if (filter.target !== undefined) add((p) => `e.target_ids @> ARRAY[${p}::text]`, filter.target);
  if (filter.from !== undefined) add((p) => `e.time >= ${p}::timestamptz`, filter.from.toISOString());
  if (filter.to !== undefined) add((p) => `e.time < ${p}::timestamptz`, filter.to.toISOString());
  return where;
}
