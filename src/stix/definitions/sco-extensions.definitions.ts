/** The predefined SCO extensions of STIX 2.1 §6 (file, network-traffic, process, user-account). */
import { bool, closed, hashes, hex, int, intRange, list, ov, ref, refs, req, str, strList, ts } from './builders';
import { type Kind, type ObjectShape } from './definition.types';
import * as V from './vocabularies';

const nonNegative = intRange(0);
const stringOrInteger: Kind = { kind: 'union', of: [str, int], hint: 'a string or an integer' };

function ext(props: ObjectShape['props'], atLeastOne?: readonly string[]): ObjectShape {
  return { props, rules: atLeastOne ? [{ rule: 'at-least-one', of: atLeastOne }] : [], propertyRules: true };
}

const PE_OPTIONAL_HEADER: ObjectShape = {
  closed: true,
  props: {
    magic_hex: hex, major_linker_version: int, minor_linker_version: int, size_of_code: nonNegative,
    size_of_initialized_data: nonNegative, size_of_uninitialized_data: nonNegative, address_of_entry_point: int,
    base_of_code: int, base_of_data: int, image_base: int, section_alignment: int, file_alignment: int,
    major_os_version: int, minor_os_version: int, major_image_version: int, minor_image_version: int,
    major_subsystem_version: int, minor_subsystem_version: int, win32_version_value_hex: hex, size_of_image: nonNegative,
    size_of_headers: nonNegative, checksum_hex: hex, subsystem_hex: hex, dll_characteristics_hex: hex,
    size_of_stack_reserve: nonNegative, size_of_stack_commit: nonNegative, size_of_heap_reserve: nonNegative,
    size_of_heap_commit: nonNegative, loader_flags_hex: hex, number_of_rva_and_sizes: int, hashes,
  },
};
PE_OPTIONAL_HEADER.rules = [{ rule: 'at-least-one', of: Object.keys(PE_OPTIONAL_HEADER.props) }];

const PE_HEADER_PROPS = ['imphash', 'machine_hex', 'number_of_sections', 'time_date_stamp', 'pointer_to_symbol_table_hex', 'number_of_symbols', 'size_of_optional_header', 'characteristics_hex', 'file_header_hashes', 'optional_header', 'sections'];

export const FILE_EXTENSIONS: Readonly<Record<string, ObjectShape>> = {
  'ntfs-ext': ext({
    sid: str,
    alternate_data_streams: list({ kind: 'object', shape: { props: { name: req(str), hashes, size: nonNegative } } }),
  }, ['sid', 'alternate_data_streams']),
  'raster-image-ext': ext({
    image_height: int, image_width: int, bits_per_pixel: int,
    exif_tags: { kind: 'dictionary', values: stringOrInteger, keyPattern: /^[A-Z][a-zA-Z0-9_-]+$/ },
  }, ['image_height', 'image_width', 'bits_per_pixel', 'exif_tags']),
  'pdf-ext': ext({
    version: str, is_optimized: bool, document_info_dict: { kind: 'dictionary', values: str }, pdfid0: str, pdfid1: str,
  }, ['version', 'is_optimized', 'document_info_dict', 'pdfid0', 'pdfid1']),
  'archive-ext': ext({ contains_refs: req(refs('file', 'directory')), comment: str }),
  'windows-pebinary-ext': ext({
    pe_type: req(ov(V.WINDOWS_PEBINARY_TYPE_OV)), imphash: str, machine_hex: hex, number_of_sections: nonNegative,
    time_date_stamp: { kind: 'timestamp', secondsOnly: true }, pointer_to_symbol_table_hex: hex, number_of_symbols: nonNegative,
    size_of_optional_header: nonNegative, characteristics_hex: hex, file_header_hashes: hashes,
    optional_header: { kind: 'object', shape: PE_OPTIONAL_HEADER },
    sections: list({ kind: 'object', shape: { props: { name: req(str), size: nonNegative, entropy: { kind: 'number' }, hashes } } }),
  }, PE_HEADER_PROPS),
};

export const NETWORK_TRAFFIC_EXTENSIONS: Readonly<Record<string, ObjectShape>> = {
  'http-request-ext': ext({
    request_method: req(str), request_value: req(str), request_version: str,
    request_header: { kind: 'dictionary', values: strList, keyPattern: /^.+$/ },
    message_body_length: int, message_body_data_ref: ref('artifact'),
  }),
  'icmp-ext': ext({ icmp_type_hex: req(hex), icmp_code_hex: req(hex) }),
  'socket-ext': ext({
    address_family: req(closed(V.NETWORK_SOCKET_ADDRESS_FAMILY_ENUM)), is_blocking: bool, is_listening: bool,
    options: { kind: 'dictionary', values: int, keyPattern: /^(?:SO|ICMP|ICMP6|IP|IPV6|MCAST|TCP|IRLMP)(?:_[A-Z]+)+$/ },
    socket_type: closed(V.NETWORK_SOCKET_TYPE_ENUM), socket_descriptor: nonNegative, socket_handle: int,
  }),
  'tcp-ext': ext({ src_flags_hex: hex, dst_flags_hex: hex }, ['src_flags_hex', 'dst_flags_hex']),
};

const STARTUP_INFO: ObjectShape = {
  closed: true,
  props: {
    lpDesktop: str, lpTitle: str, dwFillAttribute: str, dwFlags: str, wShowWindow: str, hStdInput: str, hStdOutput: str,
    hStdError: str, cb: int, dwX: int, dwY: int, dwXSize: int, dwYSize: int, dwXCountChars: int, dwYCountChars: int,
    cbReserved2: intRange(0, 0),
  },
};
STARTUP_INFO.rules = [{ rule: 'at-least-one', of: Object.keys(STARTUP_INFO.props) }];

export const PROCESS_EXTENSIONS: Readonly<Record<string, ObjectShape>> = {
  'windows-process-ext': ext({
    aslr_enabled: bool, dep_enabled: bool, priority: str, owner_sid: str, window_title: str,
    startup_info: { kind: 'object', shape: STARTUP_INFO }, integrity_level: closed(V.WINDOWS_INTEGRITY_LEVEL_ENUM),
  }, ['aslr_enabled', 'dep_enabled', 'priority', 'owner_sid', 'window_title', 'startup_info']),
  'windows-service-ext': ext({
    service_name: str, descriptions: strList, display_name: str, group_name: str,
    start_type: closed(V.WINDOWS_SERVICE_START_TYPE_ENUM), service_dll_refs: refs('file'),
    service_type: closed(V.WINDOWS_SERVICE_TYPE_ENUM), service_status: closed(V.WINDOWS_SERVICE_STATUS_ENUM),
  }, ['service_name', 'descriptions', 'display_name', 'group_name', 'start_type', 'service_dll_refs', 'service_type', 'service_status']),
};

export const USER_ACCOUNT_EXTENSIONS: Readonly<Record<string, ObjectShape>> = {
  'unix-account-ext': ext({ gid: int, groups: strList, home_dir: str, shell: str }, ['gid', 'groups', 'home_dir', 'shell']),
};

export const X509_V3_EXTENSIONS: ObjectShape = {
  props: Object.fromEntries(
    ['basic_constraints', 'name_constraints', 'policy_constraints', 'key_usage', 'extended_key_usage', 'subject_key_identifier',
      'authority_key_identifier', 'subject_alternative_name', 'issuer_alternative_name', 'subject_directory_attributes',
      'crl_distribution_points', 'inhibit_any_policy', 'certificate_policies', 'policy_mappings'].map((k) => [k, str] as const)
      .concat([['private_key_usage_period_not_before', ts], ['private_key_usage_period_not_after', ts]]),
  ),
};
X509_V3_EXTENSIONS.rules = [{ rule: 'at-least-one', of: Object.keys(X509_V3_EXTENSIONS.props) }];

