/** Validates one STIX object against its type's definition, reporting every problem with its path. */
import { canonicalJson } from '../canonical-json';
import { CORE_PROPS, CORE_RULES, SCO_CORE_PROPS } from '../definitions/common.definitions';
import { type TypeDefinition } from '../definitions/definition.types';
import { TYPE_DEFINITIONS } from '../definitions/registry';
import { isPlainObject, type StixProblem } from '../problem';
import { uuidV5 } from '../uuid5';
import { type ValidationContext } from './context';
import { IDENTIFIER, TYPE_NAME } from './formats';
import { validateShape } from './validate-shape';

export function validateStixObject(obj: unknown, basePath = '$'): StixProblem[] {
  const ctx: ValidationContext = { out: [] };
  validateObjectInto(obj, basePath, ctx);
  return ctx.out;
}

// Custom (non-specification) object types are kept, checked against the common properties only.
const CUSTOM_SDO: TypeDefinition = { type: '', category: 'sdo', props: CORE_PROPS, rules: CORE_RULES, propertyRules: true };
const CUSTOM_SCO: TypeDefinition = { type: '', category: 'sco', props: SCO_CORE_PROPS, propertyRules: true };

export function validateObjectInto(obj: unknown, path: string, ctx: ValidationContext): void {
  if (!isPlainObject(obj)) return void ctx.out.push({ path, message: 'must be an object' });
  const type = obj.type;
  if (type === undefined) return void ctx.out.push({ path: `${path}.type`, message: 'required property missing' });
  if (typeof type !== 'string') return void ctx.out.push({ path: `${path}.type`, message: 'must be a string' });
  let def = TYPE_DEFINITIONS.get(type);
  if (!def) {
    if (type === 'bundle') return void ctx.out.push({ path: `${path}.type`, message: 'a bundle cannot be an object inside a bundle' });
    if (type.length < 3 || type.length > 250 || !TYPE_NAME.test(type) || type === 'action') {
      return void ctx.out.push({ path: `${path}.type`, message: 'invalid type name (3-250 of a-z, 0-9, hyphen)' });
    }
    def = obj.created !== undefined || obj.modified !== undefined ? CUSTOM_SDO : CUSTOM_SCO;
  }
  const before = ctx.out.length;
  validateShape(obj, def, path, ctx, true);
  checkId(obj, type, def, path, ctx, ctx.out.length === before);
}

function checkId(obj: Record<string, unknown>, type: string, def: TypeDefinition, path: string, ctx: ValidationContext, otherwiseValid: boolean): void {
  const id = obj.id;
  if (id === undefined || id === null) return;
  const m = typeof id === 'string' ? IDENTIFIER.exec(id) : null;
  if (!m) return void ctx.out.push({ path: `${path}.id`, message: 'must be an identifier of the form type--UUID' });
  if (m[1] !== type) return void ctx.out.push({ path: `${path}.id`, message: `must start with "${type}--"` });
  // STIX 2.1 §2.9: SCO ids SHOULD be UUIDv5 over the id-contributing properties. Any RFC 4122 UUID is
  // accepted, but a v5 id claims to be that hash, so it must be the right one or deduplication breaks.
  // Only checked on an otherwise valid object: a hash over invalid values says nothing new.
  if (otherwiseValid && m[3] === '5' && def.idContributing && def.idContributing.length > 0) {
    const expected = expectedScoUuid(obj, def.idContributing);
    if (expected !== undefined && expected !== m[2].toLowerCase()) {
      ctx.out.push({ path: `${path}.id`, message: `UUIDv5 does not match the id-contributing properties (expected ${type}--${expected})` });
    }
  }
}

/** The UUIDv5 of an SCO per §2.9, or undefined when no id-contributing property is present. */
export function expectedScoUuid(obj: Record<string, unknown>, contributing: readonly string[]): string | undefined {
  const name: Record<string, unknown> = {};
  let any = false;
  for (const key of contributing) {
    const v = obj[key];
    if (v === undefined) continue;
    name[key] = key === 'hashes' && isPlainObject(v) ? chooseOneHash(v) : v;
    any = true;
  }
  if (!any) return undefined;
  try {
    return uuidV5(canonicalJson(name));
  } catch {
    return undefined;
  }
}

/** §2.9: of several hashes only one contributes, preferring MD5, SHA-1, SHA-256, SHA-512, else the first. */
function chooseOneHash(hashes: Record<string, unknown>): Record<string, unknown> {
  for (const alg of ['MD5', 'SHA-1', 'SHA-256', 'SHA-512']) if (hashes[alg] !== undefined) return { [alg]: hashes[alg] };
  const first = Object.keys(hashes)[0];
  return first === undefined ? {} : { [first]: hashes[first] };
}

/** A deterministic identifier for an SCO (UUIDv5 when it has id-contributing properties). */
export function scoId(obj: Record<string, unknown> & { type: string }): string | undefined {
  const def = TYPE_DEFINITIONS.get(obj.type);
  if (!def?.idContributing) return undefined;
  const uuid = expectedScoUuid(obj, def.idContributing);
  return uuid && `${obj.type}--${uuid}`;
}
