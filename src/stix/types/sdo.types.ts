/** STIX 2.1 §4 SDOs and §5 SROs. */
import { type CoreObject, type Identifier, type KillChainPhase, type Timestamp } from './common.types';

export interface AttackPattern extends CoreObject<'attack-pattern'> { name: string; description?: string; aliases?: string[]; kill_chain_phases?: KillChainPhase[] }
export interface Campaign extends CoreObject<'campaign'> { name: string; description?: string; aliases?: string[]; first_seen?: Timestamp; last_seen?: Timestamp; objective?: string }
export interface CourseOfAction extends CoreObject<'course-of-action'> { name: string; description?: string }
export interface Grouping extends CoreObject<'grouping'> { name?: string; description?: string; context: string; object_refs: Identifier[] }
export interface Identity extends CoreObject<'identity'> { name: string; description?: string; roles?: string[]; identity_class?: string; sectors?: string[]; contact_information?: string }
export interface Incident extends CoreObject<'incident'> { name: string; description?: string; kill_chain_phases?: KillChainPhase[] }
export interface Indicator extends CoreObject<'indicator'> {
  name?: string; description?: string; indicator_types?: string[]; pattern: string; pattern_type: string; pattern_version?: string;
  valid_from: Timestamp; valid_until?: Timestamp; kill_chain_phases?: KillChainPhase[];
}
export interface Infrastructure extends CoreObject<'infrastructure'> {
  name: string; description?: string; infrastructure_types?: string[]; aliases?: string[]; kill_chain_phases?: KillChainPhase[]; first_seen?: Timestamp; last_seen?: Timestamp;
}
export interface IntrusionSet extends CoreObject<'intrusion-set'> {
  name: string; description?: string; aliases?: string[]; first_seen?: Timestamp; last_seen?: Timestamp; goals?: string[];
  resource_level?: string; primary_motivation?: string; secondary_motivations?: string[];
}
export interface Location extends CoreObject<'location'> {
  name?: string; description?: string; latitude?: number; longitude?: number; precision?: number; region?: string; country?: string;
  administrative_area?: string; city?: string; street_address?: string; postal_code?: string;
}
export interface Malware extends CoreObject<'malware'> {
  name?: string; description?: string; malware_types?: string[]; is_family: boolean; aliases?: string[]; kill_chain_phases?: KillChainPhase[];
  first_seen?: Timestamp; last_seen?: Timestamp; operating_system_refs?: Identifier<'software'>[]; architecture_execution_envs?: string[];
  implementation_languages?: string[]; capabilities?: string[]; sample_refs?: Identifier<'file' | 'artifact'>[];
}
export interface MalwareAnalysis extends CoreObject<'malware-analysis'> {
  product: string; version?: string; host_vm_ref?: Identifier<'software'>; operating_system_ref?: Identifier<'software'>;
  installed_software_refs?: Identifier<'software'>[]; configuration_version?: string; modules?: string[]; analysis_engine_version?: string;
  analysis_definition_version?: string; submitted?: Timestamp; analysis_started?: Timestamp; analysis_ended?: Timestamp;
  result_name?: string; result?: string; analysis_sco_refs?: Identifier[]; sample_ref?: Identifier<'file' | 'artifact' | 'network-traffic'>;
}
export interface Note extends CoreObject<'note'> { abstract?: string; content: string; authors?: string[]; object_refs: Identifier[] }
export interface ObservedData extends CoreObject<'observed-data'> {
  first_observed: Timestamp; last_observed: Timestamp; number_observed: number;
  /** Deprecated in 2.1: embedded SCOs keyed "0", "1"… */
  objects?: Record<string, Record<string, unknown>>;
  object_refs?: Identifier[];
}
export interface Opinion extends CoreObject<'opinion'> {
  explanation?: string; authors?: string[]; opinion: 'strongly-disagree' | 'disagree' | 'neutral' | 'agree' | 'strongly-agree'; object_refs: Identifier[];
}
export interface Report extends CoreObject<'report'> { name: string; description?: string; report_types?: string[]; published: Timestamp; object_refs: Identifier[] }
export interface ThreatActor extends CoreObject<'threat-actor'> {
  name: string; description?: string; threat_actor_types?: string[]; aliases?: string[]; first_seen?: Timestamp; last_seen?: Timestamp;
  roles?: string[]; goals?: string[]; sophistication?: string; resource_level?: string; primary_motivation?: string;
  secondary_motivations?: string[]; personal_motivations?: string[];
}
export interface Tool extends CoreObject<'tool'> { name: string; description?: string; tool_types?: string[]; aliases?: string[]; kill_chain_phases?: KillChainPhase[]; tool_version?: string }
export interface Vulnerability extends CoreObject<'vulnerability'> { name: string; description?: string }

export type StixDomainObject =
  | AttackPattern | Campaign | CourseOfAction | Grouping | Identity | Incident | Indicator | Infrastructure | IntrusionSet | Location
  | Malware | MalwareAnalysis | Note | ObservedData | Opinion | Report | ThreatActor | Tool | Vulnerability;

export interface Relationship extends CoreObject<'relationship'> {
  relationship_type: string; description?: string; source_ref: Identifier; target_ref: Identifier; start_time?: Timestamp; stop_time?: Timestamp;
}
export interface Sighting extends CoreObject<'sighting'> {
  description?: string; first_seen?: Timestamp; last_seen?: Timestamp; count?: number; sighting_of_ref: Identifier;
  observed_data_refs?: Identifier<'observed-data'>[]; where_sighted_refs?: Identifier<'identity' | 'location'>[]; summary?: boolean;
}
export type StixRelationshipObject = Relationship | Sighting;
