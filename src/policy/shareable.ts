import type { TlpLevel } from './tlp';

/**
 * The sharing columns every table holding partner data carries, in TypeScript form. In SQL they are
 * `tlp text NULL`, `audience_partners uuid[] NULL`, `audience_groups text[] NULL`,
 * `owner_partner_id uuid NOT NULL`.
 *
 * Audience: both lists null means "no audience" (the marking alone decides); at least one list non-null
 * means "audience set", and then only its members see the object, even when the lists are empty.
 */
export interface Shareable {
  readonly tlp: TlpLevel | null;
  readonly audiencePartners: readonly string[] | null;
  readonly audienceGroups: readonly string[] | null;
  readonly ownerPartnerId: string;
}

/** Column names the SQL forms target; one place so the three compilers cannot drift apart. */
export const SHARING_COLUMNS = {
  tlp: 'tlp',
  audiencePartners: 'audience_partners',
  audienceGroups: 'audience_groups',
  ownerPartnerId: 'owner_partner_id',
} as const;

export function hasAudience(row: Pick<Shareable, 'audiencePartners' | 'audienceGroups'>): boolean {
  return row.audiencePartners !== null || row.audienceGroups !== null;
}

/** UUIDs compare case-insensitively in PostgreSQL; the in-memory side must agree. */
export function sameId(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}
