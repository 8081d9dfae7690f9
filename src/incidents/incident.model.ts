/** The incident vocabulary: pure data shared by the service, the STIX converter and GraphQL. */
export const INCIDENT_CATEGORIES = ['VIRUS', 'SECURITY', 'OTHER'] as const;
export type IncidentCategory = (typeof INCIDENT_CATEGORIES)[number];

/** HKCERT's breakdown (annual report 2009): a subcategory is free of the category, so "ransomware" may be VIRUS or SECURITY. */
export const INCIDENT_SUBCATEGORIES = [
  'PHISHING',
  'WEBSITE_DEFACEMENT',
  'BOTNET_C2',
  'MALWARE_HOSTING',
  'DDOS',
  'INTRUSION',
  'DATA_LEAK',
  'RANSOMWARE',
  'SCAM_FRAUD',
  'OTHER',
] as const;
export type IncidentSubcategory = (typeof INCIDENT_SUBCATEGORIES)[number];

export const INCIDENT_SEVERITIES = ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] as const;
export type IncidentSeverity = (typeof INCIDENT_SEVERITIES)[number];

/** REPORTED by a person or partner, or found by our own PROACTIVE discovery. */
export const INCIDENT_SOURCES = ['REPORTED', 'PROACTIVE'] as const;
export type IncidentSource = (typeof INCIDENT_SOURCES)[number];

export const INCIDENT_STATUSES = ['REPORTED', 'TRIAGED', 'IN_PROGRESS', 'RESOLVED', 'CLOSED', 'REJECTED'] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

/** Fields only the creator, HOME, CLOSE partners and partners named in the audience receive. */
export const INCIDENT_SENSITIVE_PATHS: readonly string[] = ['reporter', 'affectedOrganisation'];

/** One status change, kept on the incident so every transition has its time and its actor. */
export interface IncidentTransition {
  readonly from: IncidentStatus;
  readonly to: IncidentStatus;
  readonly at: string;
  readonly by: string;
}
