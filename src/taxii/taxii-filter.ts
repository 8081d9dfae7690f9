/** The query parameters of TAXII 2.1 object, manifest and version requests (§3.4), checked. Pure. */
import { decodeCursor, type TaxiiCursor } from './taxii-cursor';
import { TaxiiError } from './taxii-error';

export type QueryParams = Record<string, string | string[] | undefined>;

/** Which versions of each object (match[version]); several may be asked for at once. */
export interface VersionMatch {
  readonly first: boolean;
  readonly last: boolean;
  readonly all: boolean;
  /** Exact versions (`modified`), cut to microseconds as the store keeps them. */
  readonly at: readonly string[];
}

export interface TaxiiFilter {
  readonly limit: number;
  readonly next?: TaxiiCursor;
  /** Cut to microseconds: date_added is strictly later than this. */
  readonly addedAfter?: string;
  readonly ids?: readonly string[];
  readonly types?: readonly string[];
  readonly versions: VersionMatch;
  readonly specVersions?: readonly string[];
}

/** Which parameters an endpoint honours (§3.4.1: the others are ignored there). */
export type FilterName = 'id' | 'type' | 'version' | 'spec_version';

const STIX_TIMESTAMP = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d+))?Z$/;
const STIX_ID = /^[a-z0-9][a-z0-9-]*--[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const STIX_TYPE = /^[a-z0-9][a-z0-9-]{0,249}$/;
const MAX_VALUES = 100;

function single(params: QueryParams, name: string): string | undefined {
  const value = params[name];
  if (Array.isArray(value)) throw TaxiiError.badRequest(`${name} may be given once`);
  return value;
}

/** A comma-separated list; repeated parameters are read as one list too. */
function list(params: QueryParams, name: string, check: RegExp): string[] | undefined {
  const value = params[name];
  if (value === undefined) return undefined;
  const values = (Array.isArray(value) ? value : [value]).flatMap((v) => v.split(',')).map((v) => v.trim());
  if (values.length === 0 || values.length > MAX_VALUES || values.some((v) => !check.test(v))) {
    throw TaxiiError.badRequest(`${name} must be a comma-separated list of 1 to ${MAX_VALUES} valid values`);
  }
  return [...new Set(values)];
}

/** A STIX timestamp (`…Z`) cut to microseconds, or undefined when it is not one. */
export function microTimestamp(value: string): string | undefined {
  const m = STIX_TIMESTAMP.exec(value);
  if (!m || Number.isNaN(Date.parse(`${m[1]}Z`))) return undefined;
  return `${m[1]}.${(m[2] ?? '').slice(0, 6).padEnd(6, '0')}Z`;
}

function versions(params: QueryParams, honoured: boolean): VersionMatch {
  const raw = honoured ? list(params, 'match[version]', /^(?:first|last|all|\d{4}-\d{2}-\d{2}T[\d:.]+Z)$/) : undefined;
  if (!raw) return { first: false, last: true, all: false, at: [] };
  const at = raw.filter((v) => !['first', 'last', 'all'].includes(v)).map((v) => {
    const t = microTimestamp(v);
    if (!t) throw TaxiiError.badRequest(`match[version] ${v} is not first, last, all or a STIX timestamp`);
    return t;
  });
  return { first: raw.includes('first'), last: raw.includes('last'), all: raw.includes('all'), at };
}

/**
 * Reads limit (a positive integer; larger than the server's maximum is cut to it, as TAXII allows),
 * next, added_after and the match[…] filters the endpoint honours. Anything malformed is a 400.
 */
export function parseTaxiiFilter(params: QueryParams, maxPageSize: number, honoured: readonly FilterName[]): TaxiiFilter {
  const limitText = single(params, 'limit');
  let limit = maxPageSize;
  if (limitText !== undefined) {
    if (!/^\d{1,9}$/.test(limitText) || Number(limitText) < 1) throw TaxiiError.badRequest('limit must be a positive integer');
    limit = Math.min(Number(limitText), maxPageSize);
  }
  const nextText = single(params, 'next');
  const next = nextText === undefined ? undefined : decodeCursor(nextText);
  if (nextText !== undefined && !next) throw TaxiiError.badRequest('next is not a value this server issued');
  const addedAfterText = single(params, 'added_after');
  const addedAfter = addedAfterText === undefined ? undefined : microTimestamp(addedAfterText);
  if (addedAfterText !== undefined && !addedAfter) throw TaxiiError.badRequest('added_after must be a STIX timestamp such as 2026-11-01T00:00:00.000Z');
  const has = (name: FilterName) => honoured.includes(name);
  return {
    limit,
    ...(next ? { next } : {}),
    ...(addedAfter ? { addedAfter } : {}),
    ...(has('id') && params['match[id]'] !== undefined ? { ids: list(params, 'match[id]', STIX_ID) } : {}),
    ...(has('type') && params['match[type]'] !== undefined ? { types: list(params, 'match[type]', STIX_TYPE) } : {}),
    versions: versions(params, has('version')),
    ...(has('spec_version') && params['match[spec_version]'] !== undefined ? { specVersions: list(params, 'match[spec_version]', /^\d\.\d$/) } : {}),
  };
}
