/** STIX 2.1 §7: marking-definition, language-content and extension-definition. */
import { closed, list, ref, req, str, strList, ts, dict } from './builders';
import { CORE_PROPS, CORE_RULES, SPEC_VERSION, withCore } from './common.definitions';
import { type TypeDefinition } from './definition.types';
import { EXTENSION_TYPE_ENUM } from './vocabularies';
import { checkExtensionDefinition, checkMarkingDefinition } from '../validation/meta-rules';

export const META_DEFINITIONS: readonly TypeDefinition[] = [
  {
    // Marking definitions are immutable (§7.2.1): no `modified`, and not the full core property set.
    type: 'marking-definition', category: 'meta', propertyRules: true,
    props: {
      type: CORE_PROPS.type, spec_version: SPEC_VERSION, id: CORE_PROPS.id, created_by_ref: CORE_PROPS.created_by_ref,
      created: req(ts), external_references: CORE_PROPS.external_references, object_marking_refs: CORE_PROPS.object_marking_refs,
      granular_markings: CORE_PROPS.granular_markings, extensions: { kind: 'extensions', definitionsOnly: true },
      name: str,
      // Closed on purpose: a marking we cannot interpret is a marking the policy cannot enforce.
      definition_type: closed(['statement', 'tlp']),
      definition: { kind: 'any' },
    },
    rules: [{ rule: 'custom', check: checkMarkingDefinition }],
  },
  {
    type: 'language-content', category: 'meta', propertyRules: true,
    props: withCore({
      object_ref: req({ kind: 'ref', targets: ['any'], excluded: ['language-content'] }),
      object_modified: { kind: 'timestamp', millis: true },
      contents: req({ kind: 'dictionary', values: dict }),
    }),
    rules: CORE_RULES,
  },
  {
    type: 'extension-definition', category: 'meta', propertyRules: true,
    props: withCore({
      created_by_ref: req(ref('identity')),
      name: req(str), description: str, schema: req(str), version: req(str),
      extension_types: req(list(closed(EXTENSION_TYPE_ENUM))), extension_properties: strList,
    }),
    rules: [...CORE_RULES, { rule: 'custom', check: checkExtensionDefinition }],
  },
];
