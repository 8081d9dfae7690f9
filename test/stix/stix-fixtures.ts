import { randomUUID } from 'node:crypto';
import { TLP_MARKING_IDS, type TlpLevel } from '../../src/stix/tlp.constants';
import { gql, type GraphqlResponse } from '../support/graphql-client';

/** A valid indicator with a fresh id; `ip` goes into the pattern. */
export function indicator(overrides: Record<string, unknown> = {}, ip = '198.51.100.7'): Record<string, unknown> {
  return {
    type: 'indicator',
    spec_version: '2.1',
    id: `indicator--${randomUUID()}`,
    created: '2026-11-01T00:00:00.000Z',
    modified: '2026-11-01T00:00:00.000Z',
    name: `C2 server ${ip}`,
    indicator_types: ['malicious-activity'],
    pattern: `[ipv4-addr:value = '${ip}']`,
    pattern_type: 'stix',
    valid_from: '2026-11-01T00:00:00Z',
    ...overrides,
  };
}

export function marked(level: TlpLevel, obj: Record<string, unknown>): Record<string, unknown> {
  return { ...obj, object_marking_refs: [TLP_MARKING_IDS[level]] };
}

export function bundle(...objects: unknown[]): Record<string, unknown> {
  return { type: 'bundle', id: `bundle--${randomUUID()}`, objects };
}

export const SUBMIT = `mutation($input: SubmitBundleInput!) { submitBundle(input: $input) { created newVersions duplicates rejected rejections { index id path message code } } }`;

export interface SubmitResultShape {
  created: number;
  newVersions: number;
  duplicates: number;
  rejected: number;
  rejections: { index: number | null; id: string | null; path: string; message: string; code: string }[];
}

export function submit(baseUrl: string, token: string, input: Record<string, unknown>): Promise<GraphqlResponse<{ submitBundle: SubmitResultShape }>> {
  return gql<{ submitBundle: SubmitResultShape }>(baseUrl, SUBMIT, { input }, token);
}

/** Submits and fails the test unless the bundle was stored. */
export async function submitOk(baseUrl: string, token: string, input: Record<string, unknown>): Promise<SubmitResultShape> {
  const r = await submit(baseUrl, token, input);
  if (!r.data?.submitBundle) throw new Error(`submitBundle failed: ${JSON.stringify(r.errors)}`);
  return r.data.submitBundle;
}

export const OBJECT_FIELDS = 'id type modified revoked createdByRef tlp labels object';

export async function stixObject(baseUrl: string, token: string, id: string) {
  return gql<{ stixObject: { id: string; modified: string; revoked: boolean; createdByRef: string; tlp: string; object: Record<string, unknown> } }>(
    baseUrl,
    `query($id: String!) { stixObject(id: $id) { ${OBJECT_FIELDS} } }`,
    { id },
    token,
  );
}

export async function lookup(baseUrl: string, token: string, value: string): Promise<string[]> {
  const r = await gql<{ lookupObservable: { id: string }[] }>(baseUrl, `query($v: String!) { lookupObservable(value: $v) { id } }`, { v: value }, token);
  if (!r.data) throw new Error(`lookupObservable failed: ${JSON.stringify(r.errors)}`);
  return r.data.lookupObservable.map((o) => o.id);
}
