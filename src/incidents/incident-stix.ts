import { TLP_MARKING_IDS, type TlpLevel } from '../stix';
import type { IncidentRow, NoteRow } from './incident.rows';

/**
 * Our STIX extension for incidents and notes: one extension-definition of ours, a property-extension
 * holding the fields STIX 2.1's `incident` lacks. The victim and reporter sit under the store's
 * sensitive names (`x_cx_victim`, `x_cx_sensitive`), so TAXII, sync and exports redact them exactly as
 * GraphQL does.
 */
export const INCIDENT_EXTENSION_ID = 'extension-definition--5b2c8f57-9c1a-4f0e-8a53-2b7d6e4c1a90';

export function incidentExtensionDefinition(homeIdentityRef: string): Record<string, unknown> {
  return {
    type: 'extension-definition',
    spec_version: '2.1',
    id: INCIDENT_EXTENSION_ID,
    created_by_ref: homeIdentityRef,
    created: '2026-11-25T00:00:00.000Z',
    modified: '2026-11-25T00:00:00.000Z',
    name: 'CERT Exchange incident handling',
    description: 'Reference, category, workflow status and handling fields of incidents and notes exchanged through CERT Exchange.',
    schema: 'https://cert-exchange.example/docs/incidents-and-cases.md',
    version: '1.0.0',
    extension_types: ['property-extension'],
  };
}

function markingRefs(tlp: TlpLevel | null): Record<string, unknown> {
  return tlp ? { object_marking_refs: [TLP_MARKING_IDS[tlp]] } : {};
}

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

/** The STIX 2.1 `incident` of a row, as its owner holds it (unredacted: the store redacts per viewer). */
export function incidentToStix(row: IncidentRow, createdByRef: string): Record<string, unknown> {
  const sensitive = row.reporter !== null ? { x_cx_sensitive: { reporter: row.reporter } } : {};
  const victim = row.affectedOrganisation !== null ? { x_cx_victim: row.affectedOrganisation } : {};
  return {
    type: 'incident',
    spec_version: '2.1',
    id: row.stixId,
    created_by_ref: createdByRef,
    created: row.reportedAt.toISOString(),
    modified: row.stixModified.toISOString(),
    name: `${row.reference}: ${row.title}`,
    ...(row.description ? { description: row.description } : {}),
    ...markingRefs(row.tlp),
    extensions: {
      [INCIDENT_EXTENSION_ID]: {
        extension_type: 'property-extension',
        reference: row.reference,
        category: row.category.toLowerCase(),
        subcategory: row.subcategory.toLowerCase(),
        severity: row.severity.toLowerCase(),
        source: row.source.toLowerCase(),
        status: row.status.toLowerCase(),
        exercise: row.exercise,
        ...(row.assignee ? { assignee: row.assignee } : {}),
        ...(row.linkedRefs.length > 0 ? { linked_refs: row.linkedRefs } : {}),
        reported: row.reportedAt.toISOString(),
        ...Object.fromEntries(
          (
            [
              ['triaged', row.triagedAt],
              ['in_progress', row.inProgressAt],
              ['resolved', row.resolvedAt],
              ['closed', row.closedAt],
              ['rejected', row.rejectedAt],
              ['reopened', row.reopenedAt],
            ] as const
          )
            .filter(([, d]) => d !== null)
            .map(([k, d]) => [k, iso(d)]),
        ),
        ...sensitive,
        ...victim,
      },
    },
  };
}

/** The STIX 2.1 `note` of a note row; `object_refs` names the incident, a reply also its parent note. */
export function noteToStix(note: NoteRow, incidentStixId: string, parentStixId: string | null, createdByRef: string): Record<string, unknown> {
  return {
    type: 'note',
    spec_version: '2.1',
    id: note.stixId,
    created_by_ref: createdByRef,
    created: note.createdAt.toISOString(),
    modified: note.createdAt.toISOString(),
    ...(note.abstract ? { abstract: note.abstract } : {}),
    content: note.content,
    object_refs: parentStixId ? [incidentStixId, parentStixId] : [incidentStixId],
    ...markingRefs(note.tlp),
    ...(parentStixId ? { extensions: { [INCIDENT_EXTENSION_ID]: { extension_type: 'property-extension', in_reply_to: parentStixId } } } : {}),
  };
}

/** What HOME did to a partner's incident, for the note that carries it (field names, never values). */
export interface Handling {
  readonly noteId: string;
  readonly at: Date;
  readonly summary: string;
}

/**
 * HOME's handling of an incident a partner reported, as a STIX `note` of HOME's naming the incident.
 * Only its creator may version a STIX object, so HOME cannot write the partner's `incident`; the note
 * carries the incident's workflow state after the change, with the incident's marking (and audience,
 * given by the caller) so it reaches exactly who the incident reaches. Sensitive fields stay out.
 */
export function handlingNoteToStix(row: IncidentRow, handling: Handling, createdByRef: string): Record<string, unknown> {
  const at = handling.at.toISOString();
  return {
    type: 'note',
    spec_version: '2.1',
    id: handling.noteId,
    created_by_ref: createdByRef,
    created: at,
    modified: at,
    abstract: `${row.reference}: ${handling.summary}`,
    content: `The home CERT changed incident ${row.reference}: ${handling.summary}. Status now ${row.status}.`,
    object_refs: [row.stixId],
    ...markingRefs(row.tlp),
    extensions: {
      [INCIDENT_EXTENSION_ID]: {
        extension_type: 'property-extension',
        reference: row.reference,
        handling: true,
        category: row.category.toLowerCase(),
        subcategory: row.subcategory.toLowerCase(),
        severity: row.severity.toLowerCase(),
        status: row.status.toLowerCase(),
        ...(row.assignee ? { assignee: row.assignee } : {}),
        ...(row.linkedRefs.length > 0 ? { linked_refs: row.linkedRefs } : {}),
      },
    },
  };
}
