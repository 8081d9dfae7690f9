/** The lexical formats STIX 2.1 puts on strings, each at least as strict as the OASIS JSON schemas. */

/** `type--uuid`, an RFC 4122 UUID (versions 1-5, variant 10xx) as the OASIS identifier schema says. */
export const IDENTIFIER = /^([a-z][a-z0-9-]+[a-z0-9])--([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-([1-5])[0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12})$/;

/** STIX 2.1 §3.1 type names: a-z, 0-9 and hyphens, 3-250 characters, no double hyphen. */
export const TYPE_NAME = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*-?$/;

/** STIX 2.1 §3.1 property names, starting with a letter as the OASIS schema also insists. */
export const PROPERTY_NAME = /^[a-z][a-z0-9_]{2,249}$/;

/** Dictionary keys: 1-250 of a-z, A-Z, 0-9, underscore and hyphen. */
export const DICTIONARY_KEY = /^[a-zA-Z0-9_-]{1,250}$/;

export const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{4}|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{2}==)$/;
export const HEX = /^(?:[a-fA-F0-9]{2})+$/;

/** RFC 5646 language tag, loosely (primary subtag then subtags). */
export const LANG = /^[a-zA-Z]{2,8}(?:-[a-zA-Z0-9]{1,8})*$/;

export const EXTENSION_KEY_EXT = /^(?:[a-z][a-z0-9]*)+(?:-[a-z0-9]+)*-ext$/;
export const EXTENSION_KEY_DEFINITION = /^extension-definition--[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-5][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}$/;

/**
 * RFC 3986 URI, the same expression ajv-formats (MIT) uses for JSON Schema's `uri` format, so a URL we
 * accept is one the OASIS schemas accept.
 */
const URI = /^(?:[a-z][a-z0-9+\-.]*:)(?:\/?\/(?:(?:[a-z0-9\-._~!$&'()*+,;=:]|%[0-9a-f]{2})*@)?(?:\[(?:(?:(?:(?:[0-9a-f]{1,4}:){6}|::(?:[0-9a-f]{1,4}:){5}|(?:[0-9a-f]{1,4})?::(?:[0-9a-f]{1,4}:){4}|(?:(?:[0-9a-f]{1,4}:){0,1}[0-9a-f]{1,4})?::(?:[0-9a-f]{1,4}:){3}|(?:(?:[0-9a-f]{1,4}:){0,2}[0-9a-f]{1,4})?::(?:[0-9a-f]{1,4}:){2}|(?:(?:[0-9a-f]{1,4}:){0,3}[0-9a-f]{1,4})?::[0-9a-f]{1,4}:|(?:(?:[0-9a-f]{1,4}:){0,4}[0-9a-f]{1,4})?::)(?:[0-9a-f]{1,4}:[0-9a-f]{1,4}|(?:(?:25[0-5]|2[0-4]\d|[01]?\d\d?)\.){3}(?:25[0-5]|2[0-4]\d|[01]?\d\d?))|(?:(?:[0-9a-f]{1,4}:){0,5}[0-9a-f]{1,4})?::[0-9a-f]{1,4}|(?:(?:[0-9a-f]{1,4}:){0,6}[0-9a-f]{1,4})?::)|[Vv][0-9a-f]+\.[a-z0-9\-._~!$&'()*+,;=:]+)\]|(?:(?:25[0-5]|2[0-4]\d|[01]?\d\d?)\.){3}(?:25[0-5]|2[0-4]\d|[01]?\d\d?)|(?:[a-z0-9\-._~!$&'()*+,;=]|%[0-9a-f]{2})*)(?::\d*)?(?:\/(?:[a-z0-9\-._~!$&'()*+,;=:@]|%[0-9a-f]{2})*)*|\/(?:(?:[a-z0-9\-._~!$&'()*+,;=:@]|%[0-9a-f]{2})+(?:\/(?:[a-z0-9\-._~!$&'()*+,;=:@]|%[0-9a-f]{2})*)*)?|(?:[a-z0-9\-._~!$&'()*+,;=:@]|%[0-9a-f]{2})+(?:\/(?:[a-z0-9\-._~!$&'()*+,;=:@]|%[0-9a-f]{2})*)*)(?:\?(?:[a-z0-9\-._~!$&'()*+,;=:@/?]|%[0-9a-f]{2})*)?(?:#(?:[a-z0-9\-._~!$&'()*+,;=:@/?]|%[0-9a-f]{2})*)?$/i;
export function isUri(value: string): boolean {
  return /\/|:/.test(value) && URI.test(value);
}

/** RFC 5321-ish address, as strict as ajv-formats' full `email` format. */
export const EMAIL = /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/i;

/** A DNS name; internationalised names are checked on their ASCII (punycode) form. */
const HOSTNAME = /^(?=.{1,253}\.?$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[-0-9a-z]{0,61}[0-9a-z])?)*\.?$/i;
export function isHostname(value: string): boolean {
  // A top-level label is never all digits; without this, 10.0.0.300 would pass as a domain.
  if (/(?:^|\.)\d+\.?$/.test(value)) return false;
  if (HOSTNAME.test(value)) return true;
  // eslint-disable-next-line no-control-regex
  if (/^[\x00-\x7f]*$/.test(value) || /[\s/:@?#[\]%]/.test(value)) return false;
  try {
    return HOSTNAME.test(new URL(`http://${value}/`).hostname);
  } catch {
    return false;
  }
}

export const IPV4_CIDR = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\/(?:3[0-2]|[12]?\d))?$/;
export const MAC = /^(?:[0-9a-f]{2}:){5}[0-9a-f]{2}$/;

/** Hash formats of the STIX hashing-algorithm vocabulary (the OASIS hashes schema's patterns). */
export const HASH_FORMATS: Readonly<Record<string, RegExp>> = {
  MD5: /^[a-fA-F0-9]{32}$/,
  'SHA-1': /^[a-fA-F0-9]{40}$/,
  'SHA-256': /^[a-fA-F0-9]{64}$/,
  'SHA-512': /^[a-fA-F0-9]{128}$/,
  'SHA3-256': /^[a-fA-F0-9]{64}$/,
  'SHA3-512': /^[a-fA-F0-9]{128}$/,
  SSDEEP: /^[a-zA-Z0-9/+:.]{1,128}$/,
  TLSH: /^[a-zA-Z0-9]{70}$/,
};
export const HASH_KEY = /^[a-zA-Z0-9_-]{3,250}$/;

/** The format of a vocabulary hash algorithm; own properties only, so `constructor` is not one. */
export function hashFormat(algorithm: string): RegExp | undefined {
  return Object.hasOwn(HASH_FORMATS, algorithm) ? HASH_FORMATS[algorithm] : undefined;
}
