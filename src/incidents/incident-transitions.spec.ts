import { INCIDENT_STATUSES } from './incident.model';
import { ALLOWED_TRANSITIONS, canTransition, isReopening, timestampColumnFor, transitionRefusal } from './incident-transitions';

describe('incident transitions', () => {
  it('walks the main path forwards', () => {
    const path = ['REPORTED', 'TRIAGED', 'IN_PROGRESS', 'RESOLVED', 'CLOSED'] as const;
    for (let i = 1; i < path.length; i++) expect(canTransition(path[i - 1]!, path[i]!)).toBe(true);
  });

  it('reopens from RESOLVED and CLOSED only', () => {
    const reopenable = INCIDENT_STATUSES.filter((s) => canTransition(s, 'IN_PROGRESS') && s !== 'TRIAGED');
    expect(reopenable.sort()).toEqual(['CLOSED', 'RESOLVED']);
    expect(isReopening('CLOSED', 'IN_PROGRESS')).toBe(true);
    expect(isReopening('TRIAGED', 'IN_PROGRESS')).toBe(false);
    expect(timestampColumnFor('RESOLVED', 'IN_PROGRESS')).toBe('reopened_at');
    expect(timestampColumnFor('TRIAGED', 'IN_PROGRESS')).toBe('in_progress_at');
  });

  it('rejects from REPORTED or TRIAGED only, and REJECTED is final', () => {
    expect(INCIDENT_STATUSES.filter((s) => canTransition(s, 'REJECTED')).sort()).toEqual(['REPORTED', 'TRIAGED']);
    expect(ALLOWED_TRANSITIONS.REJECTED).toEqual([]);
    expect(transitionRefusal('REJECTED', 'TRIAGED')).toBe('cannot move an incident from REJECTED to TRIAGED (REJECTED is final)');
  });

  it('refuses skipping steps and names the allowed ones', () => {
    expect(canTransition('REPORTED', 'RESOLVED')).toBe(false);
    expect(canTransition('IN_PROGRESS', 'CLOSED')).toBe(false);
    expect(canTransition('REPORTED', 'REPORTED')).toBe(false);
    expect(transitionRefusal('REPORTED', 'CLOSED')).toBe('cannot move an incident from REPORTED to CLOSED (allowed: TRIAGED, REJECTED)');
  });

  it('gives every reachable status a timestamp column', () => {
    for (const from of INCIDENT_STATUSES) for (const to of ALLOWED_TRANSITIONS[from]) expect(timestampColumnFor(from, to)).toMatch(/_at$/);
  });
});
