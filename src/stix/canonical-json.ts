/**
 * RFC 8785 JSON Canonicalization Scheme. Evidence bundles are hashed over this form, so two systems
 * that hold the same JSON value get the same bytes.
 *
 * ECMAScript's own JSON.stringify already produces JCS for the leaves: numbers in the ES shortest
 * round-trip form (RFC 8785 §3.2.2.3 is defined as exactly that) and strings with minimal escaping
 * (§3.2.2.2). What is left is ordering object keys by UTF-16 code units, which is what the default
 * Array.prototype.sort comparison does, and refusing input that is not I-JSON.
 */
export function canonicalJson(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return serialiseString(value);
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`canonicalJson: ${value} is not representable in JSON`);
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      if (value === null) return 'null';
      if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v === undefined ? null : v)).join(',')}]`;
      return serialiseObject(value as Record<string, unknown>);
    default:
      throw new TypeError(`canonicalJson: a ${typeof value} is not JSON`);
  }
}

function serialiseObject(obj: Record<string, unknown>): string {
  if (typeof (obj as { toJSON?: unknown }).toJSON === 'function') return canonicalJson((obj as { toJSON(): unknown }).toJSON());
  const keys = Object.keys(obj).filter((k) => obj[k] !== undefined).sort();
  let out = '{';
  for (let i = 0; i < keys.length; i++) {
    if (i > 0) out += ',';
    out += `${serialiseString(keys[i])}:${canonicalJson(obj[keys[i]])}`;
  }
  return `${out}}`;
}

// I-JSON (RFC 7493) forbids lone surrogates; JCS input must be I-JSON, so reject rather than guess.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function serialiseString(s: string): string {
  if (LONE_SURROGATE.test(s)) throw new TypeError('canonicalJson: string holds a lone surrogate');
  return JSON.stringify(s);
}
