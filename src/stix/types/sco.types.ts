/** STIX 2.1 §6 cyber-observable objects and their predefined extensions (carried in `extensions`). */
import { type CyberObservableCore, type Hashes, type Identifier, type Timestamp } from './common.types';

export interface Artifact extends CyberObservableCore<'artifact'> {
  mime_type?: string; payload_bin?: string; url?: string; hashes?: Hashes;
  encryption_algorithm?: 'AES-256-GCM' | 'ChaCha20-Poly1305' | 'mime-type-indicated'; decryption_key?: string;
}
export interface AutonomousSystem extends CyberObservableCore<'autonomous-system'> { number: number; name?: string; rir?: string }
export interface Directory extends CyberObservableCore<'directory'> {
  path: string; path_enc?: string; ctime?: Timestamp; mtime?: Timestamp; atime?: Timestamp; contains_refs?: Identifier<'file' | 'directory'>[];
}
export interface DomainName extends CyberObservableCore<'domain-name'> { value: string; resolves_to_refs?: Identifier<'ipv4-addr' | 'ipv6-addr' | 'domain-name'>[] }
export interface EmailAddr extends CyberObservableCore<'email-addr'> { value: string; display_name?: string; belongs_to_ref?: Identifier<'user-account'> }
export interface EmailMimeComponent { body?: string; body_raw_ref?: Identifier<'artifact' | 'file'>; content_type?: string; content_disposition?: string }
export interface EmailMessage extends CyberObservableCore<'email-message'> {
  is_multipart: boolean; date?: Timestamp; content_type?: string; from_ref?: Identifier<'email-addr'>; sender_ref?: Identifier<'email-addr'>;
  to_refs?: Identifier<'email-addr'>[]; cc_refs?: Identifier<'email-addr'>[]; bcc_refs?: Identifier<'email-addr'>[]; message_id?: string;
  subject?: string; received_lines?: string[]; additional_header_fields?: Record<string, string | string[]>; body?: string;
  body_multipart?: EmailMimeComponent[]; raw_email_ref?: Identifier<'artifact'>;
}
export interface File extends CyberObservableCore<'file'> {
  hashes?: Hashes; size?: number; name?: string; name_enc?: string; magic_number_hex?: string; mime_type?: string;
  ctime?: Timestamp; mtime?: Timestamp; atime?: Timestamp; parent_directory_ref?: Identifier<'directory'>; contains_refs?: Identifier[];
  content_ref?: Identifier<'artifact'>;
}
export interface Ipv4Addr extends CyberObservableCore<'ipv4-addr'> { value: string; resolves_to_refs?: Identifier<'mac-addr'>[]; belongs_to_refs?: Identifier<'autonomous-system'>[] }
export interface Ipv6Addr extends CyberObservableCore<'ipv6-addr'> { value: string; resolves_to_refs?: Identifier<'mac-addr'>[]; belongs_to_refs?: Identifier<'autonomous-system'>[] }
export interface MacAddr extends CyberObservableCore<'mac-addr'> { value: string }
export interface Mutex extends CyberObservableCore<'mutex'> { name: string }
export interface NetworkTraffic extends CyberObservableCore<'network-traffic'> {
  start?: Timestamp; end?: Timestamp; is_active?: boolean; src_ref?: Identifier; dst_ref?: Identifier; src_port?: number; dst_port?: number;
  protocols: string[]; src_byte_count?: number; dst_byte_count?: number; src_packets?: number; dst_packets?: number;
  ipfix?: Record<string, string | number>; src_payload_ref?: Identifier<'artifact'>; dst_payload_ref?: Identifier<'artifact'>;
  encapsulates_refs?: Identifier<'network-traffic'>[]; encapsulated_by_ref?: Identifier<'network-traffic'>;
}
export interface Process extends CyberObservableCore<'process'> {
  is_hidden?: boolean; pid?: number; created_time?: Timestamp; cwd?: string; command_line?: string; environment_variables?: Record<string, unknown>;
  opened_connection_refs?: Identifier<'network-traffic'>[]; creator_user_ref?: Identifier<'user-account'>; image_ref?: Identifier<'file'>;
  parent_ref?: Identifier<'process'>; child_refs?: Identifier<'process'>[];
}
export interface Software extends CyberObservableCore<'software'> { name: string; cpe?: string; swid?: string; languages?: string[]; vendor?: string; version?: string }
export interface Url extends CyberObservableCore<'url'> { value: string }
export interface UserAccount extends CyberObservableCore<'user-account'> {
  user_id?: string; credential?: string; account_login?: string; account_type?: string; display_name?: string; is_service_account?: boolean;
  is_privileged?: boolean; can_escalate_privs?: boolean; is_disabled?: boolean; account_created?: Timestamp; account_expires?: Timestamp;
  credential_last_changed?: Timestamp; account_first_login?: Timestamp; account_last_login?: Timestamp;
}
export interface WindowsRegistryValue { name: string; data?: string; data_type?: string }
export interface WindowsRegistryKey extends CyberObservableCore<'windows-registry-key'> {
  key?: string; values?: WindowsRegistryValue[]; modified_time?: Timestamp; creator_user_ref?: Identifier<'user-account'>; number_of_subkeys?: number;
}
export interface X509Certificate extends CyberObservableCore<'x509-certificate'> {
  is_self_signed?: boolean; hashes?: Hashes; version?: string; serial_number?: string; signature_algorithm?: string; issuer?: string;
  validity_not_before?: Timestamp; validity_not_after?: Timestamp; subject?: string; subject_public_key_algorithm?: string;
  subject_public_key_modulus?: string; subject_public_key_exponent?: number; x509_v3_extensions?: Record<string, string>;
}

export type StixCyberObservable =
  | Artifact | AutonomousSystem | Directory | DomainName | EmailAddr | EmailMessage | File | Ipv4Addr | Ipv6Addr | MacAddr | Mutex
  | NetworkTraffic | Process | Software | Url | UserAccount | WindowsRegistryKey | X509Certificate;
