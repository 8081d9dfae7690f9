import { TLP_MARKING_IDS, uuidV5, type TlpLevel } from '../stix';

/** Our namespace for vulnerability ids: one CVE is one `vulnerability` id in HOME's advisories. */
export const ADVISORY_NAMESPACE = 'a3e5b0c2-7d41-4f6a-9b8e-1c2d3e4f5a6b';
const CVE = /^CVE-\d{4}-\d{4,}$/;

export interface AdvisoryCve {
  readonly id: string;
  readonly description?: string | null;
}

export interface AdvisoryContent {
  readonly reportId: string;
  readonly title: string;
  readonly description: string | null;
  readonly cves: readonly AdvisoryCve[];
  readonly published: Date;
  readonly tlp: TlpLevel;
  readonly createdByRef: string;
}

export function isCveId(value: string): boolean {
  return CVE.test(value);
}

export function vulnerabilityId(cve: string): string {
  return `vulnerability--${uuidV5(cve.toUpperCase(), ADVISORY_NAMESPACE)}`;
}

/**
 * A security advisory in STIX 2.1: a `report` (report_types: vulnerability) whose object_refs are one
 * `vulnerability` per CVE, each with the CVE as its external reference, all under the same marking.
 */
export function advisoryObjects(a: AdvisoryContent): Record<string, unknown>[] {
  const at = a.published.toISOString();
  const marking = { object_marking_refs: [TLP_MARKING_IDS[a.tlp]] };
  const vulnerabilities = a.cves.map((cve) => ({
    type: 'vulnerability',
    spec_version: '2.1',
    id: vulnerabilityId(cve.id),
    created_by_ref: a.createdByRef,
    created: at,
    modified: at,
    name: cve.id.toUpperCase(),
    ...(cve.description ? { description: cve.description } : {}),
    external_references: [{ source_name: 'cve', external_id: cve.id.toUpperCase(), url: `https://www.cve.org/CVERecord?id=${cve.id.toUpperCase()}` }],
    ...marking,
  }));
  const report = {
    type: 'report',
    spec_version: '2.1',
    id: a.reportId,
    created_by_ref: a.createdByRef,
    created: at,
    modified: at,
    name: a.title,
    ...(a.description ? { description: a.description } : {}),
    report_types: ['vulnerability'],
    published: at,
    object_refs: vulnerabilities.map((v) => v.id),
    labels: ['advisory'],
    ...marking,
  };
  return [report, ...vulnerabilities];
}
