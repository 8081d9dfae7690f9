/** TAXII 2.1 media types (§1.6.8) and the checks on Accept and Content-Type. Pure. */

export const TAXII_MEDIA_TYPE = 'application/taxii+json;version=2.1';
export const STIX_MEDIA_TYPE = 'application/stix+json;version=2.1';

interface MediaRange {
  readonly type: string;
  readonly params: Record<string, string>;
}

function parseRange(text: string): MediaRange | undefined {
  const [type, ...rest] = text.split(';').map((p) => p.trim());
  if (!type) return undefined;
  const params: Record<string, string> = {};
  for (const p of rest) {
    const eq = p.indexOf('=');
    if (eq > 0) params[p.slice(0, eq).trim().toLowerCase()] = p.slice(eq + 1).trim().replace(/^"(.*)"$/, '$1');
  }
  return { type: type.toLowerCase(), params };
}

/** `application/taxii+json` with no version or version 2.1: what we can produce and read. */
function isTaxii21(range: MediaRange): boolean {
  return range.type === 'application/taxii+json' && (range.params.version === undefined || range.params.version === '2.1');
}

/**
 * Whether a response in TAXII 2.1's media type is acceptable. Like the reference server (medallion), a
 * missing Accept or one naming only other types (even `*∕*`) is refused: TAXII clients must ask for
 * `application/taxii+json;version=2.1` (or without version), and an entry with `q=0` refuses it.
 */
export function acceptsTaxii(accept: string | string[] | undefined): boolean {
  const header = Array.isArray(accept) ? accept.join(',') : accept;
  if (!header) return false;
  return header
    .split(',')
    .map(parseRange)
    .some((r) => r !== undefined && isTaxii21(r) && Number(r.params.q ?? '1') > 0);
}

/** A POST body must be declared as TAXII 2.1 (the envelope), else 415. */
export function isTaxiiContentType(contentType: string | undefined): boolean {
  const range = contentType ? parseRange(contentType) : undefined;
  return range !== undefined && isTaxii21(range);
}
