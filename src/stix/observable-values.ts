/**
 * The indexable values an object speaks about: from SCOs (also those embedded in observed-data `objects`)
 * and from the equality comparisons of indicator STIX patterns. Normalised so equal values compare equal:
 * lower-case domains, e-mail domains and hex hashes; canonical IP text (see ip.ts).
 */
import { canonicalIp, parseIpv4, parseIpv6 } from './ip';
import { type PatternComparison, patternComparisons } from './pattern/pattern-comparisons';
import { parseObjectPattern } from './pattern/object-pattern';
import { PatternSyntaxError } from './pattern/pattern.parser';
import { isPlainObject } from './problem';
import { HASH_FORMATS, hashFormat } from './validation/formats';

export type ObservableKind = 'ipv4' | 'ipv6' | 'domain' | 'url' | 'file-hash' | 'email' | 'mac' | 'asn';

export interface ObservableValue {
  kind: ObservableKind;
  value: string;
  hashAlgorithm?: string;
}

const HASHED_TYPES = new Set(['file', 'artifact', 'x509-certificate']);

export function observableValues(obj: unknown): ObservableValue[] {
  const out: ObservableValue[] = [];
  const seen = new Set<string>();
  const add = (v: ObservableValue | undefined): void => {
    if (!v) return;
    const key = `${v.kind}\u0000${v.hashAlgorithm ?? ''}\u0000${v.value}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(v);
    }
  };
  if (!isPlainObject(obj)) return out;
  if (obj.type === 'indicator' && obj.pattern_type === 'stix' && typeof obj.pattern === 'string') {
    for (const c of indicatorComparisons(obj, obj.pattern)) fromComparison(c, add);
  } else if (obj.type === 'observed-data' && isPlainObject(obj.objects)) {
    for (const sco of Object.values(obj.objects)) if (isPlainObject(sco)) fromSco(sco, add);
  } else {
    fromSco(obj, add);
  }
  return out;
}

function indicatorComparisons(obj: Record<string, unknown>, pattern: string): PatternComparison[] {
  try {
    return patternComparisons(parseObjectPattern(obj, pattern));
  } catch (e) {
    if (e instanceof PatternSyntaxError) return [];
    throw e;
  }
}

function fromSco(sco: Record<string, unknown>, add: (v: ObservableValue | undefined) => void): void {
  const type = sco.type;
  if (typeof type !== 'string') return;
  if (HASHED_TYPES.has(type) && isPlainObject(sco.hashes)) {
    for (const [alg, hash] of Object.entries(sco.hashes)) add(hashValue(alg, hash));
  }
  if (type === 'autonomous-system') add(normalise('autonomous-system', 'number', sco.number));
  else add(normalise(type, 'value', sco.value));
}

function fromComparison(c: PatternComparison, add: (v: ObservableValue | undefined) => void): void {
  if (c.negated || (c.operator !== '=' && c.operator !== 'IN')) return;
  const values = Array.isArray(c.value) ? c.value : [c.value];
  const [first, second] = c.components;
  if (c.components.length === 2 && first && 'key' in first && first.key === 'hashes' && second && 'key' in second && HASHED_TYPES.has(c.objectType)) {
    for (const v of values) add(hashValue(second.key, v));
    return;
  }
  if (c.components.length !== 1 || !first || !('key' in first)) return;
  for (const v of values) add(normalise(c.objectType, first.key, v));
}

function hashValue(algorithm: string, hash: unknown): ObservableValue | undefined {
  if (typeof hash !== 'string') return undefined;
  const alg = canonicalHashAlgorithm(algorithm);
  const format = hashFormat(alg);
  if (format && !format.test(hash)) return undefined;
  // Hex digests compare case-insensitively; SSDEEP and TLSH are case-sensitive encodings.
  const isHex = /^[0-9a-fA-F]+$/.test(hash) && alg !== 'SSDEEP';
  return { kind: 'file-hash', value: isHex ? hash.toLowerCase() : hash, hashAlgorithm: alg };
}

/** Vocabulary names by their upper-case letters and digits: `SHA256` → `SHA-256`. */
const ALGORITHM_BY_SQUASHED = new Map(Object.keys(HASH_FORMATS).map((alg) => [alg.replace(/-/g, ''), alg]));

/** `sha256`, `SHA256`, `sha-256` → `SHA-256`; unknown names are kept. */
function canonicalHashAlgorithm(name: string): string {
  return hashFormat(name) ? name : ALGORITHM_BY_SQUASHED.get(name.toUpperCase().replace(/[-_]/g, '')) ?? name;
}

function normalise(type: string, property: string, raw: unknown): ObservableValue | undefined {
  if (type === 'autonomous-system' && property === 'number') {
    return typeof raw === 'number' && Number.isInteger(raw) && raw >= 0 ? { kind: 'asn', value: String(raw) } : undefined;
  }
  if (property !== 'value' || typeof raw !== 'string') return undefined;
  switch (type) {
    case 'ipv4-addr': {
      const ip = parseIpv4(raw.trim());
      return ip && { kind: 'ipv4', value: canonicalIp(ip) };
    }
    case 'ipv6-addr': {
      const ip = parseIpv6(raw.trim(), true);
      return ip && { kind: 'ipv6', value: canonicalIp(ip) };
    }
    case 'domain-name': {
      const d = raw.trim().toLowerCase().replace(/\.$/, '');
      return d ? { kind: 'domain', value: d } : undefined;
    }
    case 'url':
      return raw.trim() ? { kind: 'url', value: raw.trim() } : undefined;
    case 'email-addr': {
      // The local part may be case-sensitive (RFC 5321); only the domain is folded.
      const at = raw.lastIndexOf('@');
      return at > 0 ? { kind: 'email', value: `${raw.slice(0, at)}@${raw.slice(at + 1).toLowerCase()}` } : undefined;
    }
    case 'mac-addr':
      return /^(?:[0-9a-fA-F]{2}[:-]){5}[0-9a-fA-F]{2}$/.test(raw) ? { kind: 'mac', value: raw.toLowerCase().replace(/-/g, ':') } : undefined;
    default:
      return undefined;
  }
}
