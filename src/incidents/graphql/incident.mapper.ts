import { allowedTransitions } from '../incident-transitions';
import type { IncidentView } from '../incidents.service';
import type { Incident } from './incident.types';

/** The one place an incident row becomes its GraphQL type: a new column stays private until added here. */
export const IncidentMapper = {
  toIncident(view: IncidentView): Incident {
    const r = view.row;
    return {
      id: r.id, reference: r.reference, title: r.title, description: r.description, category: r.category, subcategory: r.subcategory,
      severity: r.severity, source: r.source, reporter: view.reporter, affectedOrganisation: view.affectedOrganisation, status: r.status,
      allowedTransitions: [...allowedTransitions(r.status)], assignee: r.assignee, linkedObjectIds: r.linkedRefs, stixId: r.stixId,
      tlp: r.tlp, audience: view.audience, exercise: r.exercise, reportedAt: r.reportedAt, triagedAt: r.triagedAt, inProgressAt: r.inProgressAt,
      resolvedAt: r.resolvedAt, closedAt: r.closedAt, rejectedAt: r.rejectedAt, reopenedAt: r.reopenedAt, updatedAt: r.updatedAt,
      transitions: r.transitions.map((t) => ({ from: t.from, to: t.to, at: new Date(t.at), by: t.by })),
    };
  },
};
