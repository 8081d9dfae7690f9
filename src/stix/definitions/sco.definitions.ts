/** STIX 2.1 §6: the eighteen STIX Cyber-observable Objects, with their id-contributing properties. */
import { bool, closed, dict, hashes, int, intRange, list, ov, ref, refs, req, str, strList, ts } from './builders';
import { withScoCore } from './common.definitions';
import { type Kind, type Rule, type TypeDefinition } from './definition.types';
import { FILE_EXTENSIONS, NETWORK_TRAFFIC_EXTENSIONS, PROCESS_EXTENSIONS, USER_ACCOUNT_EXTENSIONS, X509_V3_EXTENSIONS } from './sco-extensions.definitions';
import * as V from './vocabularies';
import { IPV4_CIDR, MAC } from '../validation/formats';
import { checkEmailMessage, checkIpv6Value, checkNetworkTrafficActive, checkRegistryKey } from '../validation/sco-rules';

// The OASIS software schema's expressions, compiled as ajv compiles them (without the unicode flag: the schemas use escapes that mode refuses), so they agree.
const CPE = new RegExp(String.raw`cpe:2\.3:[aho\*\-](:(((\?*|\*?)([a-zA-Z0-9\-\._]|(\\[\\\*\?!"#$$%&'\(\)\+,/:;<=>@\[\]\^` + '`' + String.raw`\{\|}~]))+(\?*|\*?))|[\*\-])){5}(:(([a-zA-Z]{2,3}(-([a-zA-Z]{2}|[0-9]{3}))?)|[\*\-]))(:(((\?*|\*?)([a-zA-Z0-9\-\._]|(\\[\\\*\?!"#$$%&'\(\)\+,/:;<=>@\[\]\^` + '`' + String.raw`\{\|}~]))+(\?*|\*?))|[\*\-])){4}`);
const LANGUAGE = /^([a-z]{2}(-[A-Z]{2})?(-[a-z]{4})?(-[A-Z]{2}|[0-9]{3})?(-[a-z0-9]{5,8}|[0-9][a-z0-9]{3})*(-[a-z0-9]{1,8})*|[a-z]{3})$/;
const ENCODING = /^[a-zA-Z0-9/.+_:-]{2,250}$/;

const nonNegative = intRange(0);

function sco(type: string, idContributing: readonly string[], props: TypeDefinition['props'], rules: readonly Rule[] = []): TypeDefinition {
  return { type, category: 'sco', idContributing, props: withScoCore({ ...props }), rules, propertyRules: true };
}
function anyOf(props: TypeDefinition['props'], except: string[] = []): Rule {
  return { rule: 'at-least-one', of: Object.keys(props).filter((k) => !except.includes(k)) };
}

const USER_ACCOUNT = {
  extensions: { kind: 'extensions', predefined: USER_ACCOUNT_EXTENSIONS } as Kind,
  user_id: str, credential: str, account_login: str, account_type: ov(V.ACCOUNT_TYPE_OV), display_name: str,
  is_service_account: bool, is_privileged: bool, can_escalate_privs: bool, is_disabled: bool, account_created: ts,
  account_expires: ts, credential_last_changed: ts, account_first_login: ts, account_last_login: ts,
};
const X509 = {
  is_self_signed: bool, hashes, version: str, serial_number: str, signature_algorithm: str, issuer: str,
  validity_not_before: ts, validity_not_after: ts, subject: str, subject_public_key_algorithm: str,
  subject_public_key_modulus: str, subject_public_key_exponent: int, x509_v3_extensions: { kind: 'object', shape: X509_V3_EXTENSIONS } as Kind,
};
const PROCESS = {
  extensions: { kind: 'extensions', predefined: PROCESS_EXTENSIONS } as Kind,
  is_hidden: bool, pid: int, created_time: ts, cwd: str, command_line: str, environment_variables: dict,
  opened_connection_refs: refs('network-traffic'), creator_user_ref: ref('user-account'), image_ref: ref('file'),
  parent_ref: ref('process'), child_refs: refs('process'),
};

export const SCO_DEFINITIONS: readonly TypeDefinition[] = [
  sco('artifact', ['hashes', 'payload_bin'], {
    mime_type: { kind: 'string', pattern: /^(application|audio|font|image|message|model|multipart|text|video)\/[a-zA-Z0-9.+_-]+/, patternHint: 'an IANA media type' },
    payload_bin: { kind: 'string', format: 'binary' }, url: { kind: 'string', format: 'uri' }, hashes,
    encryption_algorithm: closed(V.ENCRYPTION_ALGORITHM_ENUM), decryption_key: str,
  }, [
    { rule: 'exactly-one', of: ['payload_bin', 'url'] },
    { rule: 'requires', if: 'url', then: ['hashes'] },
    { rule: 'requires', if: 'decryption_key', then: ['encryption_algorithm'] },
  ]),
  sco('autonomous-system', ['number'], { number: req(int), name: str, rir: str }),
  sco('directory', ['path'], {
    path: req(str), path_enc: { kind: 'string', pattern: ENCODING }, ctime: ts, mtime: ts, atime: ts, contains_refs: refs('file', 'directory'),
  }),
  sco('domain-name', ['value'], { value: req({ kind: 'string', format: 'hostname' }), resolves_to_refs: refs('ipv4-addr', 'ipv6-addr', 'domain-name') }),
  sco('email-addr', ['value'], { value: req({ kind: 'string', format: 'email' }), display_name: str, belongs_to_ref: ref('user-account') }),
  sco('email-message', ['from_ref', 'subject', 'body'], {
    is_multipart: req(bool), date: ts, content_type: str, from_ref: ref('email-addr'), sender_ref: ref('email-addr'),
    to_refs: refs('email-addr'), cc_refs: refs('email-addr'), bcc_refs: refs('email-addr'), message_id: str, subject: str,
    received_lines: strList,
    additional_header_fields: { kind: 'dictionary', values: { kind: 'union', of: [str, { kind: 'list', of: str, minItems: 2 }], hint: 'a string or a list of two or more strings' } },
    body: str,
    body_multipart: list({ kind: 'object', shape: {
      props: { body: str, body_raw_ref: ref('artifact', 'file'), content_type: str, content_disposition: str },
      rules: [{ rule: 'exactly-one', of: ['body', 'body_raw_ref'] }],
    } }),
    raw_email_ref: ref('artifact'),
  }, [{ rule: 'custom', check: checkEmailMessage }]),
  sco('file', ['hashes', 'name', 'extensions', 'parent_directory_ref'], {
    extensions: { kind: 'extensions', predefined: FILE_EXTENSIONS }, hashes, size: nonNegative, name: str,
    name_enc: { kind: 'string', pattern: ENCODING }, magic_number_hex: { kind: 'string', format: 'hex' }, mime_type: str,
    ctime: ts, mtime: ts, atime: ts, parent_directory_ref: ref('directory'), contains_refs: refs('sco'), content_ref: ref('artifact'),
  }, [{ rule: 'at-least-one', of: ['hashes', 'name'] }]),
  sco('ipv4-addr', ['value'], {
    value: req({ kind: 'string', pattern: IPV4_CIDR, patternHint: 'dotted-quad IPv4, optionally /prefix' }),
    resolves_to_refs: refs('mac-addr'), belongs_to_refs: refs('autonomous-system'),
  }),
  sco('ipv6-addr', ['value'], { value: req(str), resolves_to_refs: refs('mac-addr'), belongs_to_refs: refs('autonomous-system') }, [{ rule: 'custom', check: checkIpv6Value }]),
  sco('mac-addr', ['value'], { value: req({ kind: 'string', pattern: MAC, patternHint: 'lower-case, colon-separated MAC-48' }) }),
  sco('mutex', ['name'], { name: req(str) }),
  sco('network-traffic', ['start', 'end', 'src_ref', 'dst_ref', 'src_port', 'dst_port', 'protocols', 'extensions'], {
    extensions: { kind: 'extensions', predefined: NETWORK_TRAFFIC_EXTENSIONS }, start: ts, end: ts, is_active: bool,
    src_ref: ref('ipv4-addr', 'ipv6-addr', 'mac-addr', 'domain-name'), dst_ref: ref('ipv4-addr', 'ipv6-addr', 'mac-addr', 'domain-name'),
    src_port: intRange(0, 65535), dst_port: intRange(0, 65535), protocols: req(strList), src_byte_count: nonNegative,
    dst_byte_count: nonNegative, src_packets: nonNegative, dst_packets: nonNegative,
    ipfix: { kind: 'dictionary', values: { kind: 'union', of: [str, int], hint: 'a string or an integer' } },
    src_payload_ref: ref('artifact'), dst_payload_ref: ref('artifact'), encapsulates_refs: refs('network-traffic'),
    encapsulated_by_ref: ref('network-traffic'),
  }, [
    { rule: 'at-least-one', of: ['src_ref', 'dst_ref'] },
    { rule: 'order', earlier: 'start', later: 'end' },
    { rule: 'custom', check: checkNetworkTrafficActive },
  ]),
  // A process has no id-contributing properties: its ids are UUIDv4 (§6.11).
  sco('process', [], PROCESS, [anyOf(PROCESS, ['created_time'])]),
  sco('software', ['name', 'cpe', 'swid', 'vendor', 'version'], {
    name: req(str), cpe: { kind: 'string', pattern: CPE, patternHint: 'a CPE 2.3 name' }, swid: str,
    languages: list({ kind: 'string', pattern: LANGUAGE, patternHint: 'an ISO 639-2 language code' }), vendor: str, version: str,
  }),
  sco('url', ['value'], { value: req({ kind: 'string', format: 'uri' }) }),
  sco('user-account', ['account_type', 'user_id', 'account_login'], USER_ACCOUNT, [anyOf(USER_ACCOUNT)]),
  sco('windows-registry-key', ['key', 'values'], {
    key: str,
    values: list({ kind: 'object', shape: { props: { name: req(str), data: str, data_type: closed(V.WINDOWS_REGISTRY_DATATYPE_ENUM) } } }),
    modified_time: ts, creator_user_ref: ref('user-account'), number_of_subkeys: int,
  }, [{ rule: 'at-least-one', of: ['key', 'values', 'creator_user_ref', 'number_of_subkeys'] }, { rule: 'custom', check: checkRegistryKey }]),
  sco('x509-certificate', ['hashes', 'serial_number'], X509, [anyOf(X509), { rule: 'order', earlier: 'validity_not_before', later: 'validity_not_after' }]),
];
