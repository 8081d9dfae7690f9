/** Query building blocks for the store's reads: filters, cursors and observable look-ups. Pure. */
import { AppError } from '../../common/errors/app-error';
import { canonicalIp, parseIpv4, parseIpv6 } from '../ip';
import type { StixFilter } from './stix-store.types';

/** Appends `value` to `params` and returns its placeholder. */
export function param(params: unknown[], value: unknown): string {
  params.push(value);
  return `$${params.length}`;
}

const MAX_LIST = 100;

function list(name: string, values: readonly string[] | null | undefined): string[] | undefined {
  if (values == null) return undefined;
  if (values.length === 0 || values.length > MAX_LIST) throw AppError.badInput(`filter.${name} must hold 1 to ${MAX_LIST} values`, { argument: `filter.${name}` });
  return [...values];
}

/**
 * SQL conditions on alias `o` for a filter; `defaultTlp` is what an unmarked row counts as. Latest versions
 * only, unless `latest: false` (the caller then says which versions: snapshot paging).
 */
export function filterConditions(filter: StixFilter | null | undefined, params: unknown[], defaultTlp: string, latest = true): string[] {
  const f = filter ?? {};
  const where = [...(latest ? ['o.is_latest'] : []), f.revoked ? 'o.revoked' : 'NOT o.revoked'];
  const types = list('types', f.types);
  if (types) where.push(`o.type = ANY(${param(params, types)}::text[])`);
  const createdBy = list('createdBy', f.createdBy);
  if (createdBy) where.push(`o.created_by_ref = ANY(${param(params, createdBy)}::text[])`);
  const labels = list('labels', f.labels);
  if (labels) where.push(`o.labels && ${param(params, labels)}::text[]`);
  const markings = list('markings', f.markings);
  if (markings) where.push(`COALESCE(o.tlp, ${param(params, defaultTlp)}) = ANY(${param(params, markings)}::text[])`);
  if (f.modifiedAfter) where.push(`o.modified > ${param(params, f.modifiedAfter)}`);
  if (f.validAt) {
    // Objects with a validity window (indicators: valid_from, optional valid_until, STIX §4.7) that holds then.
    const at = `${param(params, f.validAt)}::timestamptz`;
    where.push(`(o.object->>'valid_from')::timestamptz <= ${at} AND (o.object->>'valid_until' IS NULL OR (o.object->>'valid_until')::timestamptz > ${at})`);
  }
  if (f.text != null) {
    const text = f.text.trim();
    if (text.length < 2 || text.length > 200) throw AppError.badInput('filter.text must be 2 to 200 characters', { argument: 'filter.text' });
    const pattern = param(params, `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    where.push(`(o.object->>'name' ILIKE ${pattern} OR o.object->>'description' ILIKE ${pattern})`);
  }
  return where;
}

/** The page cursor: the last row's seq (a decimal string, bigint) and the snapshot time of the first page. */
export function seqFromCursor(key: (string | number)[] | undefined): { seq: string; asOf: string } | undefined {
  if (key === undefined) return undefined;
  const [seq, asOf] = key;
  if (typeof seq !== 'string' || !/^\d{1,19}$/.test(seq) || typeof asOf !== 'string' || !/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/.test(asOf)) {
    throw AppError.badInput('after is not a cursor this query issued', { argument: 'after' });
  }
  return { seq, asOf };
}

export type ObservableQuery = { kind: 'ip'; cidr: string } | { kind: 'domain' | 'url' | 'file-hash' | 'email'; value: string };

const HEX_HASH = /^(?:[0-9a-f]{32}|[0-9a-f]{40}|[0-9a-f]{64}|[0-9a-f]{128})$/i;
const DOMAIN = /^(?=.{1,253}$)(?:[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}$/;

/**
 * What a looked-up value is, normalised as observableValues normalises stored ones: an IP or CIDR
 * (matched by containment either way), a hex hash, an e-mail address, a URL or a domain name.
 */
export function observableQuery(raw: string): ObservableQuery {
  const value = raw.trim();
  if (value.length === 0 || value.length > 2048) throw AppError.badInput('value must be 1 to 2048 characters', { argument: 'value' });
  const ip = parseIpv4(value) ?? parseIpv6(value, true);
  if (ip) return { kind: 'ip', cidr: canonicalIp(ip) };
  if (HEX_HASH.test(value)) return { kind: 'file-hash', value: value.toLowerCase() };
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) return { kind: 'url', value };
  const at = value.lastIndexOf('@');
  if (at > 0) return { kind: 'email', value: `${value.slice(0, at)}@${value.slice(at + 1).toLowerCase()}` };
  const domain = value.toLowerCase().replace(/\.$/, '');
  if (DOMAIN.test(domain)) return { kind: 'domain', value: domain };
  throw AppError.badInput('value is not an IP address or range, domain, URL, e-mail address or hex hash', { argument: 'value' });
}

/**
 * The look-up's hits: `object_seq`s of stix_observables rows matching the value. IPs match by containment
 * either way with btree probes whose cost does not grow with the store (a GiST `&&` probe cost 0.07-0.13 ms
 * at 10,000 objects and 0.4-0.6 ms at 1,000,000): the stored networks containing the address are probed
 * at each prefix length the store holds (stix_observable_prefixes, a handful), and those inside a queried
 * range are one btree range (inet order puts a network's subnets between it and its broadcast address).
 */
export function observableHits(q: ObservableQuery, params: unknown[]): string {
  // `cidr IS NULL` (true of every non-IP row) lets the planner use the partial hash index on value.
  if (q.kind !== 'ip') {
    return `SELECT DISTINCT ob.object_seq FROM stix_observables ob WHERE ob.value = ${param(params, q.value)} AND ob.cidr IS NULL AND ob.kind = ${param(params, q.kind)}`;
  }
  const v = `CAST(${param(params, q.cidr)} AS cidr)`;
  const containing = `ARRAY(SELECT set_masklen(${v}, p.masklen) FROM stix_observable_prefixes p WHERE p.family = family(${v}) AND p.masklen <= masklen(${v}))`;
  const last = `CAST(set_masklen(broadcast(${v}), CASE family(${v}) WHEN 4 THEN 32 ELSE 128 END) AS cidr)`;
  return `SELECT ob.object_seq FROM stix_observables ob WHERE ob.cidr = ANY(${containing})
          UNION SELECT ob.object_seq FROM stix_observables ob WHERE ob.cidr >= ${v} AND ob.cidr <= ${last}`;
}
