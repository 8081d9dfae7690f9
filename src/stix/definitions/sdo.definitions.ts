/** STIX 2.1 §4: the nineteen STIX Domain Objects. */
import { closed, killChain, list, ov, ref, refs, req, str, strList, ts, intRange } from './builders';
import { CORE_RULES, withCore } from './common.definitions';
import { type Rule, type TypeDefinition } from './definition.types';
import * as V from './vocabularies';
import { checkIndicatorPattern } from '../validation/indicator-pattern';
import { checkObservedDataObjects } from '../validation/observed-data-objects';

const num = (min: number, max: number) => ({ kind: 'number' as const, min, max });
const seen: Rule = { rule: 'order', earlier: 'first_seen', later: 'last_seen' };

function sdo(type: string, props: TypeDefinition['props'], rules: readonly Rule[] = []): TypeDefinition {
  return { type, category: 'sdo', props: withCore({ ...props }), rules: [...CORE_RULES, ...rules], propertyRules: true };
}

export const SDO_DEFINITIONS: readonly TypeDefinition[] = [
  sdo('attack-pattern', { name: req(str), description: str, aliases: strList, kill_chain_phases: killChain }),
  sdo('campaign', { name: req(str), description: str, aliases: strList, first_seen: ts, last_seen: ts, objective: str }, [seen]),
  sdo('course-of-action', { name: req(str), description: str }),
  sdo('grouping', { name: str, description: str, context: req(ov(V.GROUPING_CONTEXT_OV)), object_refs: req(refs('any')) }),
  sdo('identity', {
    name: req(str), description: str, roles: strList, identity_class: ov(V.IDENTITY_CLASS_OV),
    sectors: list(ov(V.INDUSTRY_SECTOR_OV)), contact_information: str,
  }),
  sdo('incident', { name: req(str), description: str, kill_chain_phases: killChain }),
  sdo('indicator', {
    name: str, description: str, indicator_types: list(ov(V.INDICATOR_TYPE_OV)), pattern: req(str),
    pattern_type: req(ov(V.PATTERN_TYPE_OV)), pattern_version: str, valid_from: req(ts), valid_until: ts, kill_chain_phases: killChain,
  }, [{ rule: 'order', earlier: 'valid_from', later: 'valid_until', strict: true }, { rule: 'custom', check: (o, p, out) => checkIndicatorPattern(o, p, out) }]),
  sdo('infrastructure', {
    name: req(str), description: str, infrastructure_types: list(ov(V.INFRASTRUCTURE_TYPE_OV)), aliases: strList,
    kill_chain_phases: killChain, first_seen: ts, last_seen: ts,
  }, [seen]),
  sdo('intrusion-set', {
    name: req(str), description: str, aliases: strList, first_seen: ts, last_seen: ts, goals: strList,
    resource_level: ov(V.ATTACK_RESOURCE_LEVEL_OV), primary_motivation: ov(V.ATTACK_MOTIVATION_OV),
    secondary_motivations: list(ov(V.ATTACK_MOTIVATION_OV)),
  }, [seen]),
  sdo('location', {
    name: str, description: str, latitude: num(-90, 90), longitude: num(-180, 180), precision: num(0, Number.MAX_VALUE),
    region: ov(V.REGION_OV), country: str, administrative_area: str, city: str, street_address: str, postal_code: str,
  }, [
    { rule: 'at-least-one', of: ['region', 'country', 'latitude'] },
    { rule: 'requires', if: 'latitude', then: ['longitude'] },
    { rule: 'requires', if: 'longitude', then: ['latitude'] },
    { rule: 'requires', if: 'precision', then: ['latitude', 'longitude'] },
  ]),
  sdo('malware', {
    name: str, description: str, malware_types: list(ov(V.MALWARE_TYPE_OV)), is_family: req({ kind: 'boolean' }),
    aliases: strList, kill_chain_phases: killChain, first_seen: ts, last_seen: ts, operating_system_refs: refs('software'),
    architecture_execution_envs: list(ov(V.PROCESSOR_ARCHITECTURE_OV)), implementation_languages: list(ov(V.IMPLEMENTATION_LANGUAGE_OV)),
    capabilities: list(ov(V.MALWARE_CAPABILITIES_OV)), sample_refs: refs('file', 'artifact'),
  }, [seen, { rule: 'custom', check: malwareFamilyNamed }]),
  sdo('malware-analysis', {
    product: req(str), version: str, host_vm_ref: ref('software'), operating_system_ref: ref('software'),
    installed_software_refs: refs('software'), configuration_version: str, modules: strList, analysis_engine_version: str,
    analysis_definition_version: str, submitted: ts, analysis_started: ts, analysis_ended: ts, result_name: str,
    result: ov(V.MALWARE_AV_RESULT_OV), analysis_sco_refs: refs('sco'), sample_ref: ref('file', 'artifact', 'network-traffic'),
  }, [{ rule: 'at-least-one', of: ['result', 'analysis_sco_refs'] }, { rule: 'order', earlier: 'analysis_started', later: 'analysis_ended' }]),
  sdo('note', { abstract: str, content: req(str), authors: strList, object_refs: req(refs('any')) }),
  sdo('observed-data', {
    first_observed: req(ts), last_observed: req(ts), number_observed: req(intRange(1, 999_999_999)),
    objects: { kind: 'any' }, object_refs: refs('sco', 'sro'),
  }, [
    { rule: 'exactly-one', of: ['objects', 'object_refs'] },
    { rule: 'order', earlier: 'first_observed', later: 'last_observed' },
    // Called through a closure: the embedded objects are validated by the object validator, which imports this table.
    { rule: 'custom', check: (o, p, out) => checkObservedDataObjects(o, p, out) },
  ]),
  sdo('opinion', { explanation: str, authors: strList, opinion: req(closed(V.OPINION_ENUM)), object_refs: req(refs('any')) }),
  sdo('report', { name: req(str), description: str, report_types: list(ov(V.REPORT_TYPE_OV)), published: req(ts), object_refs: req(refs('any')) }),
  sdo('threat-actor', {
    name: req(str), description: str, threat_actor_types: list(ov(V.THREAT_ACTOR_TYPE_OV)), aliases: strList,
    first_seen: ts, last_seen: ts, roles: list(ov(V.THREAT_ACTOR_ROLE_OV)), goals: strList,
    sophistication: ov(V.THREAT_ACTOR_SOPHISTICATION_OV), resource_level: ov(V.ATTACK_RESOURCE_LEVEL_OV),
    primary_motivation: ov(V.ATTACK_MOTIVATION_OV), secondary_motivations: list(ov(V.ATTACK_MOTIVATION_OV)),
    personal_motivations: list(ov(V.ATTACK_MOTIVATION_OV)),
  }, [seen]),
  sdo('tool', { name: req(str), description: str, tool_types: list(ov(V.TOOL_TYPE_OV)), aliases: strList, kill_chain_phases: killChain, tool_version: str }),
  sdo('vulnerability', { name: req(str), description: str }),
];

/** A malware family must be named (§4.11); an instance may be anonymous. */
function malwareFamilyNamed(obj: Record<string, unknown>, path: string, out: { path: string; message: string }[]): void {
  if (obj.is_family === true && obj.name === undefined) out.push({ path: `${path}.name`, message: 'required property missing (is_family is true)' });
}

// SROs (§5).
const NOT_RELATABLE = ['relationship', 'sighting', 'bundle', 'marking-definition', 'language-content', 'extension-definition'];

export const SRO_DEFINITIONS: readonly TypeDefinition[] = [
  {
    type: 'relationship', category: 'sro', propertyRules: true,
    props: withCore({
      relationship_type: req({ kind: 'string', pattern: /^[a-z0-9-]+$/, patternHint: 'lower-case letters, digits and hyphens' }),
      description: str,
      source_ref: req({ kind: 'ref', targets: ['any'], excluded: NOT_RELATABLE }),
      target_ref: req({ kind: 'ref', targets: ['any'], excluded: NOT_RELATABLE }),
      start_time: ts, stop_time: ts,
    }),
    rules: [...CORE_RULES, { rule: 'order', earlier: 'start_time', later: 'stop_time', strict: true }],
  },
  {
    type: 'sighting', category: 'sro', propertyRules: true,
    props: withCore({
      description: str, first_seen: ts, last_seen: ts, count: intRange(0, 999_999_999), sighting_of_ref: req(ref('sdo')),
      observed_data_refs: refs('observed-data'), where_sighted_refs: refs('identity', 'location'), summary: { kind: 'boolean' },
    }),
    rules: [...CORE_RULES, seen],
  },
];
