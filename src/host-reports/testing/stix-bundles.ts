import { randomUUID } from 'node:crypto';
import { scoId } from '../../stix';

/** Small valid STIX objects for host-report feed tests. */
const T = '2026-11-24T10:00:00.000Z';

export function address(value: string): Record<string, unknown> {
  const type = value.includes(':') ? 'ipv6-addr' : 'ipv4-addr';
  return { type, spec_version: '2.1', id: scoId({ type, value }), value };
}

export function observedData(refs: string[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { type: 'observed-data', spec_version: '2.1', id: `observed-data--${randomUUID()}`, created: T, modified: T, first_observed: T, last_observed: T, number_observed: 1, object_refs: refs, ...extra };
}

export function sighting(of: string, observed: string[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { type: 'sighting', spec_version: '2.1', id: `sighting--${randomUUID()}`, created: T, modified: T, sighting_of_ref: of, observed_data_refs: observed, ...extra };
}

export const bundle = (objects: unknown[]): string => JSON.stringify({ type: 'bundle', id: `bundle--${randomUUID()}`, objects });
