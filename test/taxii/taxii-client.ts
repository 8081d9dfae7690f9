import { uuidV5 } from '../../src/stix/uuid5';

export const TAXII = 'application/taxii+json;version=2.1';

/** The stable id of a default collection (the same UUIDv5 the server computes). */
export function collectionId(name: string): string {
  return uuidV5(`taxii-collection:${name}`, '6b1f3c8e-5d0a-4d7e-9a53-2f4c1e8b7a90');
}

export interface TaxiiAnswer<T = Record<string, unknown>> {
  readonly status: number;
  readonly headers: Headers;
  readonly body: T;
}

export type Auth = { token: string } | { basic: { clientId: string; clientSecret: string } } | null;

export interface TaxiiCall {
  readonly method?: 'GET' | 'POST' | 'DELETE';
  readonly auth: Auth;
  readonly accept?: string | null;
  readonly contentType?: string | null;
  readonly body?: unknown;
}

/** One TAXII request over real HTTP, as a TAXII client sends it unless told otherwise. */
export async function taxii<T = Record<string, unknown>>(baseUrl: string, path: string, call: TaxiiCall): Promise<TaxiiAnswer<T>> {
  const headers: Record<string, string> = {};
  if (call.accept !== null) headers.accept = call.accept ?? TAXII;
  if (call.auth && 'token' in call.auth) headers.authorization = `Bearer ${call.auth.token}`;
  if (call.auth && 'basic' in call.auth) headers.authorization = `Basic ${Buffer.from(`${call.auth.basic.clientId}:${call.auth.basic.clientSecret}`).toString('base64')}`;
  if (call.body !== undefined && call.contentType !== null) headers['content-type'] = call.contentType ?? TAXII;
  const response = await fetch(`${baseUrl}${path}`, {
    method: call.method ?? 'GET',
    headers,
    body: call.body === undefined ? undefined : typeof call.body === 'string' || Buffer.isBuffer(call.body) ? call.body : JSON.stringify(call.body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: (text ? JSON.parse(text) : undefined) as T };
}

/** The objects path of a collection under the default API root. */
export const objectsPath = (collection: string) => `/taxii2/api/collections/${collectionId(collection)}/objects/`;
