import { gql } from '../support/graphql-client';

export const INCIDENT_FIELDS = `id reference title category subcategory severity source reporter affectedOrganisation status allowedTransitions
  assignee linkedObjectIds stixId tlp audience { partners groups } exercise reportedAt triagedAt inProgressAt resolvedAt closedAt
  rejectedAt reopenedAt transitions { from to at by }`;

export interface IncidentOut {
  id: string;
  reference: string;
  title: string;
  reporter: string | null;
  affectedOrganisation: string | null;
  status: string;
  allowedTransitions: string[];
  linkedObjectIds: string[];
  stixId: string;
  tlp: string | null;
  audience: { partners: string[]; groups: string[] } | null;
  exercise: boolean;
  triagedAt: string | null;
  reopenedAt: string | null;
  transitions: { from: string; to: string; at: string; by: string }[];
}

export function anIncident(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    title: 'Phishing site imitating a Hong Kong bank',
    category: 'SECURITY',
    subcategory: 'PHISHING',
    severity: 'HIGH',
    source: 'REPORTED',
    reporter: 'Jane Chan, +852 5555 0100',
    affectedOrganisation: 'Example Bank (HK) Ltd',
    tlp: 'AMBER',
    ...overrides,
  };
}

/** Creates through GraphQL and fails loudly with the server's errors. */
export async function createIncident(baseUrl: string, token: string, input: Record<string, unknown> = anIncident()): Promise<IncidentOut> {
  const r = await gql<{ createIncident: IncidentOut }>(baseUrl, `mutation($i: CreateIncidentInput!) { createIncident(input: $i) { ${INCIDENT_FIELDS} } }`, { i: input }, token);
  if (!r.data?.createIncident) throw new Error(JSON.stringify(r.errors));
  return r.data.createIncident;
}

export async function transition(baseUrl: string, token: string, id: string, to: string) {
  return gql<{ transitionIncident: IncidentOut }>(baseUrl, `mutation($id: ID!, $to: IncidentStatus!) { transitionIncident(id: $id, to: $to) { ${INCIDENT_FIELDS} } }`, { id, to }, token);
}

export async function incidentBy(baseUrl: string, token: string, args: { id?: string; reference?: string }) {
  return gql<{ incident: IncidentOut }>(baseUrl, `query($id: ID, $ref: String) { incident(id: $id, reference: $ref) { ${INCIDENT_FIELDS} } }`, { id: args.id, ref: args.reference }, token);
}
