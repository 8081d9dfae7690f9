import type { TlpLevel } from '../policy';
import type { IncidentCategory, IncidentSeverity, IncidentSource, IncidentStatus, IncidentSubcategory, IncidentTransition } from './incident.model';

/** One `incidents` row in camelCase, as the repository reads it. Never handed to GraphQL directly. */
export interface IncidentRow {
  readonly id: string;
  readonly seq: string;
  readonly reference: string;
  readonly title: string;
  readonly description: string | null;
  readonly category: IncidentCategory;
  readonly subcategory: IncidentSubcategory;
  readonly severity: IncidentSeverity;
  readonly source: IncidentSource;
  readonly reporter: string | null;
  readonly affectedOrganisation: string | null;
  readonly status: IncidentStatus;
  readonly assignee: string | null;
  readonly linkedRefs: string[];
  readonly stixId: string;
  readonly stixModified: Date;
  readonly exercise: boolean;
  readonly transitions: IncidentTransition[];
  readonly reportedAt: Date;
  readonly triagedAt: Date | null;
  readonly inProgressAt: Date | null;
  readonly resolvedAt: Date | null;
  readonly closedAt: Date | null;
  readonly rejectedAt: Date | null;
  readonly reopenedAt: Date | null;
  readonly updatedAt: Date;
  readonly createdByClientId: string;
  readonly tlp: TlpLevel | null;
  readonly audiencePartners: string[] | null;
  readonly audienceGroups: string[] | null;
  readonly ownerPartnerId: string;
}

export interface NoteRow {
  readonly id: string;
  readonly seq: string;
  readonly incidentId: string;
  readonly parentId: string | null;
  readonly abstract: string | null;
  readonly content: string;
  readonly stixId: string;
  readonly createdAt: Date;
  readonly authorClientId: string;
  readonly tlp: TlpLevel | null;
  readonly audiencePartners: string[] | null;
  readonly audienceGroups: string[] | null;
  readonly ownerPartnerId: string;
}

/** The SELECT list that yields an IncidentRow (alias `i`). */
export const INCIDENT_COLUMNS = `i.id, i.seq, i.reference, i.title, i.description, i.category, i.subcategory, i.severity, i.source,
  i.reporter, i.affected_organisation AS "affectedOrganisation", i.status, i.assignee, i.linked_refs AS "linkedRefs",
  i.stix_id AS "stixId", i.stix_modified AS "stixModified", i.exercise, i.transitions, i.reported_at AS "reportedAt",
  i.triaged_at AS "triagedAt", i.in_progress_at AS "inProgressAt", i.resolved_at AS "resolvedAt", i.closed_at AS "closedAt",
  i.rejected_at AS "rejectedAt", i.reopened_at AS "reopenedAt", i.updated_at AS "updatedAt", i.created_by_client_id AS "createdByClientId",
  i.tlp, i.audience_partners AS "audiencePartners", i.audience_groups AS "audienceGroups", i.owner_partner_id AS "ownerPartnerId"`;

/** The SELECT list that yields a NoteRow (alias `n`). */
export const NOTE_COLUMNS = `n.id, n.seq, n.incident_id AS "incidentId", n.parent_id AS "parentId", n.abstract, n.content, n.stix_id AS "stixId",
  n.created_at AS "createdAt", n.author_client_id AS "authorClientId", n.tlp, n.audience_partners AS "audiencePartners",
  n.audience_groups AS "audienceGroups", n.owner_partner_id AS "ownerPartnerId"`;
