/** Marking-definition and extension-definition rules beyond the declarative tables. */
import { childPath, isPlainObject, type StixProblem } from '../problem';
import { TLP1_MARKING_DEFINITIONS, TLP_EXTENSION_DEFINITION_ID, TLP_LEVEL_BY_ID, TLP_MARKING_IDS } from '../tlp.constants';

const TLP1_PROPS = ['type', 'spec_version', 'id', 'created', 'name', 'definition', 'definition_type'];

export function checkMarkingDefinition(obj: Record<string, unknown>, path: string, out: StixProblem[]): void {
  const { definition, definition_type: definitionType } = obj;
  if (obj.extensions === undefined) {
    // Without an extension, the definition is the marking's whole meaning (§7.2.1).
    if (definitionType === undefined) out.push({ path: `${path}.definition_type`, message: 'required property missing (no extensions)' });
    if (definition === undefined) out.push({ path: `${path}.definition`, message: 'required property missing (no extensions)' });
  }
  if (definitionType !== undefined && definition === undefined && obj.extensions !== undefined) {
    out.push({ path: `${path}.definition`, message: 'required property missing (definition_type is present)' });
  }
  if (definition !== undefined && !isPlainObject(definition)) out.push({ path: `${path}.definition`, message: 'must be an object' });
  if (definitionType === 'statement' && isPlainObject(definition) && typeof definition.statement !== 'string') {
    out.push({ path: `${path}.definition.statement`, message: definition.statement === undefined ? 'required property missing' : 'must be a string' });
  }
  if (definitionType === 'tlp') checkTlp1(obj, path, out);
  checkTlp2(obj, path, out);
}

/** TLP 1.0 markings are the four objects predefined in §7.2.1.4, exactly; anything else claiming to be one is forged. */
function checkTlp1(obj: Record<string, unknown>, path: string, out: StixProblem[]): void {
  const canonical = TLP1_MARKING_DEFINITIONS.find((m) => m.id === obj.id);
  if (!canonical) return void out.push({ path: `${path}.id`, message: 'definition_type "tlp" is only for the four predefined TLP 1.0 marking definitions' });
  for (const key of Object.keys(obj)) if (!TLP1_PROPS.includes(key)) out.push({ path: childPath(path, key), message: 'not allowed on a predefined TLP 1.0 marking definition' });
  const def = obj.definition;
  if (obj.name !== canonical.name) out.push({ path: `${path}.name`, message: `must be "${canonical.name}"` });
  if (obj.created !== canonical.created) out.push({ path: `${path}.created`, message: `must be "${canonical.created}"` });
  if (!isPlainObject(def) || def.tlp !== canonical.definition.tlp) out.push({ path: `${path}.definition`, message: `must be {"tlp": "${canonical.definition.tlp}"}` });
}

/** A canonical TLP 2.0 id must carry its own level, so no object can pass RED off as CLEAR. */
function checkTlp2(obj: Record<string, unknown>, path: string, out: StixProblem[]): void {
  const level = typeof obj.id === 'string' ? TLP_LEVEL_BY_ID.get(obj.id) : undefined;
  if (!level || TLP_MARKING_IDS[level] !== obj.id) return;
  const ext = isPlainObject(obj.extensions) ? obj.extensions[TLP_EXTENSION_DEFINITION_ID] : undefined;
  if (!isPlainObject(ext) || ext.tlp_2_0 !== level.toLowerCase()) {
    out.push({ path: `${path}.extensions`, message: `the TLP 2.0 ${level} marking must carry ${TLP_EXTENSION_DEFINITION_ID} with tlp_2_0 "${level.toLowerCase()}"` });
  }
}

export function checkExtensionDefinition(obj: Record<string, unknown>, path: string, out: StixProblem[]): void {
  const types = obj.extension_types;
  if (obj.extension_properties !== undefined && !(Array.isArray(types) && types.includes('toplevel-property-extension'))) {
    out.push({ path: `${path}.extension_properties`, message: 'only allowed for a toplevel-property-extension' });
  }
}
