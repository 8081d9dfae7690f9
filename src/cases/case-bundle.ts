import { createHash } from 'node:crypto';
import { canonicalJson, TLP_MARKING_DEFINITIONS, uuidV5 } from '../stix';

/** Our namespace for case bundle ids: the same case at the same revision always has the same bundle id. */
export const CASE_BUNDLE_NAMESPACE = '6f1d8c3e-2a47-4b9e-9d51-7c0e4a2b8f13';

export interface CaseEvidence {
  readonly position: number;
  readonly object: Record<string, unknown>;
}

export interface CaseBundle {
  readonly bundle: Record<string, unknown>;
  /** RFC 8785 canonical JSON of `bundle`: what the hash is over, byte for byte. */
  readonly canonical: string;
  readonly sha256: string;
}

/**
 * The evidence of a case as a STIX 2.1 bundle, deterministic: objects in referral order, the TLP
 * marking definitions they use appended, an id derived from the case and its revision. Exporting the
 * same revision again gives the same bytes and so the same SHA-256, which is what a court checks.
 */
export function caseBundle(caseId: string, revision: number, evidence: readonly CaseEvidence[]): CaseBundle {
  const objects = [...evidence].sort((a, b) => a.position - b.position).map((e) => e.object);
  const markingIds = new Set(objects.flatMap((o) => (Array.isArray(o.object_marking_refs) ? (o.object_marking_refs as string[]) : [])));
  const markings = Object.values(TLP_MARKING_DEFINITIONS).filter((d) => markingIds.has(d.id));
  const bundle = { type: 'bundle', id: `bundle--${uuidV5(`${caseId.toLowerCase()}:${revision}`, CASE_BUNDLE_NAMESPACE)}`, objects: [...objects, ...markings] };
  const canonical = canonicalJson(bundle);
  return { bundle, canonical, sha256: createHash('sha256').update(canonical, 'utf8').digest('hex') };
}
