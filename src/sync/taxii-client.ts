import { createPrivateKey, randomUUID, sign } from 'node:crypto';

export const TAXII_MEDIA = 'application/taxii+json;version=2.1';

/** How to authenticate to a peer; the secrets are already unsealed, for this run only. */
export type PeerCredentials =
  | { readonly method: 'BASIC'; readonly clientId: string; readonly secret: string }
  | { readonly method: 'CLIENT_SECRET'; readonly clientId: string; readonly secret: string; readonly tokenUrl: string }
  | { readonly method: 'PRIVATE_KEY_JWT'; readonly clientId: string; readonly privateKeyPem: string; readonly kid: string; readonly tokenUrl: string; readonly audience: readonly string[] };

export interface ObjectsPage {
  readonly objects: Record<string, unknown>[];
  readonly more: boolean;
  readonly next: string | undefined;
  /** X-TAXII-Date-Added-Last: where the next incremental pull starts (`added_after`). */
  readonly dateAddedLast: string | undefined;
  /** Our own exchanges say where each synced object first came from (`x_cx_origins`, `x_cx_exchange`). */
  readonly origins: Readonly<Record<string, string>>;
  readonly exchange: string | undefined;
}

export interface TaxiiStatus {
  readonly id: string;
  readonly status: string;
  readonly total_count: number;
  readonly success_count: number;
  readonly failure_count: number;
  readonly pending_count: number;
  readonly failures?: { id: string; version?: string; message?: string }[];
}

/** A failed exchange with the peer, with what an operator needs and nothing secret. */
export class PeerError extends Error {
  constructor(
    message: string,
    /** HTTP status, when the peer answered. */
    readonly status?: number,
    /** 401 after a fresh token, 403: retrying will not help until someone changes something. */
    readonly permanent = false,
  ) {
    super(message);
    this.name = 'PeerError';
  }
}

const STIX_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/**
 * A TAXII 2.1 client for peer sync, on Node's fetch: the TAXII media type on every request, a Bearer token
 * from the peer's /oauth/token (client secret or a private_key_jwt assertion, fetched again once on a 401:
 * tokens expire mid-run) or HTTP Basic, a timeout per request, and TAXII error bodies turned into one line.
 */
export class TaxiiClient {
  private token: { value: string; until: number } | undefined;

  constructor(
    /** Absolute URL of the API root, ending in '/'. */
    private readonly apiRoot: string,
    private readonly credentials: PeerCredentials,
    private readonly timeoutMs: number,
  ) {}

  /** One page of `GET …/objects/`, oldest added first: `next` continues it, else `added_after` starts after a date. */
  async objects(collection: string, options: { limit: number; next?: string; addedAfter?: string }): Promise<ObjectsPage> {
    const query = new URLSearchParams({ limit: String(options.limit), 'match[version]': 'all' });
    if (options.next) query.set('next', options.next);
    else if (options.addedAfter) query.set('added_after', options.addedAfter);
    const response = await this.request('GET', `collections/${encodeURIComponent(collection)}/objects/?${query}`);
    const body = (await this.json(response)) as Record<string, unknown>;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new PeerError('the peer answered with something that is not a TAXII envelope');
    const objects = body.objects === undefined ? [] : body.objects;
    if (!Array.isArray(objects)) throw new PeerError('the peer answered with an envelope whose objects is not a list');
    const last = response.headers.get('x-taxii-date-added-last') ?? undefined;
    if (last !== undefined && !STIX_TIMESTAMP.test(last)) throw new PeerError(`the peer sent an invalid X-TAXII-Date-Added-Last: ${last.slice(0, 40)}`);
    const more = body.more === true;
    const next = typeof body.next === 'string' ? body.next : undefined;
    if (more && !next && !last) throw new PeerError('the peer says there is more but gives neither next nor X-TAXII-Date-Added-Last');
    return {
      objects: objects as Record<string, unknown>[],
      more,
      next,
      dateAddedLast: last,
      origins: isStringMap(body.x_cx_origins) ? body.x_cx_origins : {},
      exchange: typeof body.x_cx_exchange === 'string' ? body.x_cx_exchange : undefined,
    };
  }

  /** POST an envelope; the status resource the peer answers with. */
  async addObjects(collection: string, objects: readonly unknown[], extra: Record<string, unknown> = {}): Promise<TaxiiStatus> {
    const response = await this.request('POST', `collections/${encodeURIComponent(collection)}/objects/`, JSON.stringify({ objects, ...extra }));
    return this.status(await this.json(response));
  }

  async getStatus(id: string): Promise<TaxiiStatus> {
    return this.status(await this.json(await this.request('GET', `status/${encodeURIComponent(id)}/`)));
  }

  private status(body: unknown): TaxiiStatus {
    const s = body as TaxiiStatus;
    if (!s || typeof s.id !== 'string' || typeof s.status !== 'string' || typeof s.total_count !== 'number') throw new PeerError('the peer answered with something that is not a TAXII status');
    return s;
  }

  private async request(method: 'GET' | 'POST', path: string, body?: string, retried = false): Promise<Response> {
    const headers: Record<string, string> = { accept: TAXII_MEDIA, authorization: await this.authorization() };
    if (body !== undefined) headers['content-type'] = TAXII_MEDIA;
    const url = new URL(path, this.apiRoot).toString();
    let response: Response;
    try {
      response = await fetch(url, { method, headers, body, signal: AbortSignal.timeout(this.timeoutMs), redirect: 'error' });
    } catch (error) {
      throw new PeerError(`${method} ${redactUrl(url)} failed: ${reason(error)}`);
    }
    if (response.status === 401 && !retried && this.credentials.method !== 'BASIC') {
      // An expired or revoked token: one fresh one, then give up.
      await response.body?.cancel();
      this.token = undefined;
      return this.request(method, path, body, true);
    }
    if (response.status >= 400) throw await this.failure(method, url, response);
    return response;
  }

  private async failure(method: string, url: string, response: Response): Promise<PeerError> {
    let detail: string;
    try {
      const e = JSON.parse(await response.text()) as { title?: string; description?: string };
      detail = [e.title, e.description].filter((s) => typeof s === 'string').join(': ');
    } catch {
      detail = '';
    }
    const permanent = response.status === 401 || response.status === 403 || response.status === 404 || response.status === 406 || response.status === 415;
    return new PeerError(`${method} ${redactUrl(url)} answered ${response.status}${detail ? ` (${detail.slice(0, 300)})` : ''}`, response.status, permanent);
  }

  private async json(response: Response): Promise<unknown> {
    const type = response.headers.get('content-type') ?? '';
    if (!/^application\/(taxii\+)?json/i.test(type)) {
      await response.body?.cancel();
      throw new PeerError(`the peer answered with content type ${type.slice(0, 60) || 'none'}, not ${TAXII_MEDIA}`);
    }
    try {
      return await response.json();
    } catch (error) {
      throw new PeerError(`the peer's answer is not JSON: ${reason(error)}`);
    }
  }

  private async authorization(): Promise<string> {
    const c = this.credentials;
    if (c.method === 'BASIC') return `Basic ${Buffer.from(`${c.clientId}:${c.secret}`).toString('base64')}`;
    if (this.token && this.token.until > Date.now()) return `Bearer ${this.token.value}`;
    const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: c.clientId });
    if (c.method === 'CLIENT_SECRET') form.set('client_secret', c.secret);
    else {
      form.set('client_assertion_type', 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer');
      form.set('client_assertion', clientAssertion(c));
    }
    let response: Response;
    try {
      response = await fetch(c.tokenUrl, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' }, body: form, signal: AbortSignal.timeout(this.timeoutMs), redirect: 'error' });
    } catch (error) {
      throw new PeerError(`token request to ${redactUrl(c.tokenUrl)} failed: ${reason(error)}`);
    }
    const body = (await response.json().catch(() => ({}))) as { access_token?: unknown; expires_in?: unknown; error?: unknown };
    if (response.status !== 200 || typeof body.access_token !== 'string') {
      const permanent = response.status === 400 || response.status === 401;
      throw new PeerError(`token request to ${redactUrl(c.tokenUrl)} answered ${response.status}${typeof body.error === 'string' ? ` (${body.error})` : ''}`, response.status, permanent);
    }
    const ttl = typeof body.expires_in === 'number' ? body.expires_in : 300;
    // Renew a little early, so a token never expires between our check and the peer's.
    this.token = { value: body.access_token, until: Date.now() + Math.max(10, ttl - 30) * 1000 };
    return `Bearer ${body.access_token}`;
  }
}

/** RFC 7523 client assertion, ES256 (the key pair sync generates). Good for 5 minutes, used once. */
export function clientAssertion(c: { clientId: string; privateKeyPem: string; kid: string; audience: readonly string[] }): string {
  const now = Math.floor(Date.now() / 1000);
  const header = { alg: 'ES256', typ: 'JWT', kid: c.kid };
  const payload = { iss: c.clientId, sub: c.clientId, aud: c.audience.length === 1 ? c.audience[0] : c.audience, iat: now, exp: now + 300, jti: randomUUID() };
  const input = `${b64(header)}.${b64(payload)}`;
  const signature = sign('sha256', Buffer.from(input), { key: createPrivateKey(c.privateKeyPem), dsaEncoding: 'ieee-p1363' });
  return `${input}.${signature.toString('base64url')}`;
}

function b64(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

function isStringMap(value: unknown): value is Record<string, string> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.values(value).every((v) => typeof v === 'string');
}

/** No credentials in a URL reaches a log or a status page. */
function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    u.search = '';
    return u.toString();
  } catch {
    return '(invalid URL)';
  }
}

function reason(error: unknown): string {
  const e = error as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e?.name === 'TimeoutError') return 'timed out';
  return e?.cause?.code ?? e?.cause?.message ?? e?.message ?? String(error);
}
