/** Properties every SDO/SRO (STIX 2.1 §3.2) and every SCO (§6.1) carries. */
import { ref, refs, strList, bool, closed, intRange } from './builders';
import { type Prop, type Rule } from './definition.types';

export const SPEC_VERSION: Prop = { ...closed(['2.1']), required: true };

export const CORE_PROPS: Readonly<Record<string, Prop>> = {
  type: { kind: 'any', required: true },
  spec_version: SPEC_VERSION,
  id: { kind: 'id', required: true },
  created_by_ref: ref('identity'),
  created: { kind: 'timestamp', millis: true, required: true },
  modified: { kind: 'timestamp', millis: true, required: true },
  revoked: bool,
  labels: strList,
  confidence: intRange(0, 100),
  lang: { kind: 'string', format: 'lang' },
  external_references: { kind: 'external-references' },
  object_marking_refs: refs('marking-definition'),
  granular_markings: { kind: 'granular-markings' },
  extensions: { kind: 'extensions' },
};

export const CORE_RULES: readonly Rule[] = [{ rule: 'order', earlier: 'created', later: 'modified' }];

export const SCO_CORE_PROPS: Readonly<Record<string, Prop>> = {
  type: { kind: 'any', required: true },
  id: { kind: 'id', required: true },
  spec_version: closed(['2.1']),
  object_marking_refs: refs('marking-definition'),
  granular_markings: { kind: 'granular-markings' },
  defanged: bool,
  extensions: { kind: 'extensions' },
};

/**
 * Names STIX 2.1 reserves (§3.1 and the OASIS core schemas): an object carrying one is refused even as a
 * custom property, so future versions can give them a meaning.
 */
export const RESERVED_PROPERTIES: ReadonlySet<string> = new Set(['severity', 'action', 'username', 'phone_numbers']);

export function withCore(props: Record<string, Prop>): Record<string, Prop> {
  return { ...CORE_PROPS, ...props };
}
export function withScoCore(props: Record<string, Prop>): Record<string, Prop> {
  return { ...SCO_CORE_PROPS, ...props };
}
