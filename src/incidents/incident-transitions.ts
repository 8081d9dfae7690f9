import type { IncidentStatus } from './incident.model';

/**
 * The workflow: REPORTED → TRIAGED → IN_PROGRESS → RESOLVED → CLOSED; RESOLVED and CLOSED may be
 * reopened (back to IN_PROGRESS); REPORTED and TRIAGED may be REJECTED (not an incident, a duplicate).
 * REJECTED is final: a wrong rejection is a new report.
 */
export const ALLOWED_TRANSITIONS: Readonly<Record<IncidentStatus, readonly IncidentStatus[]>> = Object.freeze({
  REPORTED: ['TRIAGED', 'REJECTED'],
  TRIAGED: ['IN_PROGRESS', 'REJECTED'],
  IN_PROGRESS: ['RESOLVED'],
  RESOLVED: ['CLOSED', 'IN_PROGRESS'],
  CLOSED: ['IN_PROGRESS'],
  REJECTED: [],
});

export function allowedTransitions(from: IncidentStatus): readonly IncidentStatus[] {
  return ALLOWED_TRANSITIONS[from];
}

export function canTransition(from: IncidentStatus, to: IncidentStatus): boolean {
  return ALLOWED_TRANSITIONS[from].includes(to);
}

/** A move back to IN_PROGRESS from RESOLVED or CLOSED is a reopening (its own timestamp). */
export function isReopening(from: IncidentStatus, to: IncidentStatus): boolean {
  return to === 'IN_PROGRESS' && (from === 'RESOLVED' || from === 'CLOSED');
}

/** The timestamp column a transition sets: the status's own, or `reopened_at`. */
export function timestampColumnFor(from: IncidentStatus, to: IncidentStatus): string | null {
  if (isReopening(from, to)) return 'reopened_at';
  const columns: Partial<Record<IncidentStatus, string>> = {
    TRIAGED: 'triaged_at',
    IN_PROGRESS: 'in_progress_at',
    RESOLVED: 'resolved_at',
    CLOSED: 'closed_at',
    REJECTED: 'rejected_at',
  };
  return columns[to] ?? null;
}

/** The message of the BAD_USER_INPUT for a refused transition: it names what is allowed. */
export function transitionRefusal(from: IncidentStatus, to: IncidentStatus): string {
  const allowed = ALLOWED_TRANSITIONS[from];
  const options = allowed.length > 0 ? `allowed: ${allowed.join(', ')}` : `${from} is final`;
  return `cannot move an incident from ${from} to ${to} (${options})`;
}
