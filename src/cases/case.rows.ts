/** The case vocabulary and rows (camelCase), as the repository reads them. */
export const CASE_STATUSES = ['OPEN', 'SUSPENDED', 'CLOSED'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export type EvidenceKind = 'incident' | 'note' | 'stix';

export interface CaseRow {
  readonly id: string;
  readonly seq: string;
  readonly caseNumber: string;
  readonly lawPartnerId: string;
  readonly legalBasis: string;
  readonly status: CaseStatus;
  readonly grantedClientIds: string[];
  readonly revision: number;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly ownerPartnerId: string;
}

export interface CaseItemRow {
  readonly position: number;
  readonly kind: EvidenceKind;
  readonly refId: string;
  readonly stixId: string;
  readonly object: Record<string, unknown>;
  readonly addedAt: Date;
}

export const CASE_COLUMNS = `c.id, c.seq, c.case_number AS "caseNumber", c.law_partner_id AS "lawPartnerId", c.legal_basis AS "legalBasis", c.status,
  c.granted_client_ids AS "grantedClientIds", c.revision, c.created_at AS "createdAt", c.updated_at AS "updatedAt", c.owner_partner_id AS "ownerPartnerId"`;
