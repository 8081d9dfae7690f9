/** SCO rules too particular for the declarative tables. */
import { type StixProblem } from '../problem';
import { parseIpv6 } from '../ip';

export function checkIpv6Value(obj: Record<string, unknown>, path: string, out: StixProblem[]): void {
  if (typeof obj.value === 'string' && !parseIpv6(obj.value)) out.push({ path: `${path}.value`, message: 'must be an IPv6 address in hex-group form, optionally /prefix' });
}

/** §6.12: an active flow has no end yet. */
export function checkNetworkTrafficActive(obj: Record<string, unknown>, path: string, out: StixProblem[]): void {
  if (obj.is_active === true && obj.end !== undefined) out.push({ path: `${path}.end`, message: 'must not be present when is_active is true' });
}

// Headers with their own email-message property must not be repeated in additional_header_fields (§6.6);
// the second expression is the OASIS schema's.
const OWN_HEADERS = new Set(['date', 'received', 'content-type', 'from', 'sender', 'to', 'cc', 'bcc', 'subject']);
const SCHEMA_OWN_HEADERS = /^date|received_lines|content_type|from_ref|sender_ref|to_refs|cc_refs|bcc_refs|subject$/;

export function checkEmailMessage(obj: Record<string, unknown>, path: string, out: StixProblem[]): void {
  if (obj.is_multipart === true && obj.body !== undefined) out.push({ path: `${path}.body`, message: 'must not be present when is_multipart is true (use body_multipart)' });
  if (obj.is_multipart !== true && obj.body_multipart !== undefined) out.push({ path: `${path}.body_multipart`, message: 'must not be present unless is_multipart is true' });
  const fields = obj.additional_header_fields;
  if (fields && typeof fields === 'object' && !Array.isArray(fields)) {
    for (const key of Object.keys(fields)) {
      if (OWN_HEADERS.has(key.toLowerCase()) || SCHEMA_OWN_HEADERS.test(key)) {
        out.push({ path: `${path}.additional_header_fields['${key}']`, message: 'this header has its own property' });
      }
    }
  }
}

// §6.16: hive names are spelled out (HKEY_LOCAL_MACHINE); the abbreviations are refused as the schema does.
const HIVE_ABBREVIATION = /^HKLM|HKCC|HKCR|HKCU|HKU|hklm|hkcc|hkcr|hkcu|hku/;

export function checkRegistryKey(obj: Record<string, unknown>, path: string, out: StixProblem[]): void {
  if (typeof obj.key === 'string' && HIVE_ABBREVIATION.test(obj.key)) out.push({ path: `${path}.key`, message: 'must use the full hive name (HKEY_LOCAL_MACHINE), not an abbreviation' });
}
