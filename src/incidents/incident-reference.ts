/**
 * Incident references: `<HOME short name>-<year>-<5-digit sequence>`, e.g. HKCERT-2026-00042. The
 * sequence restarts every year; past 99,999 it simply grows a digit rather than failing.
 */
const REFERENCE = /^([A-Za-z0-9][A-Za-z0-9._-]*)-(\d{4})-(\d{5,})$/;

export function formatIncidentReference(homeShortName: string, year: number, sequence: number): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(homeShortName)) throw new Error(`not a usable short name: ${homeShortName}`);
  if (!Number.isInteger(year) || year < 1970 || year > 9999) throw new Error(`not a year: ${year}`);
  if (!Number.isInteger(sequence) || sequence < 1) throw new Error(`not a sequence number: ${sequence}`);
  return `${homeShortName}-${year}-${String(sequence).padStart(5, '0')}`;
}

export interface ParsedReference {
  readonly prefix: string;
  readonly year: number;
  readonly sequence: number;
}

/** Null for anything that is not a reference, so a look-up can answer NOT_FOUND without a query. */
export function parseIncidentReference(reference: string): ParsedReference | null {
  const m = REFERENCE.exec(reference);
  if (!m) return null;
  return { prefix: m[1]!, year: Number(m[2]), sequence: Number(m[3]) };
}
