/** Identifier and reference checks: `type--UUID`, and that a reference points at an allowed type. */
import { type Kind, type RefTarget } from '../definitions/definition.types';
import { SCO_TYPES, SDO_TYPES, SRO_TYPES, TYPE_DEFINITIONS } from '../definitions/registry';
import { isPlainObject } from '../problem';
import { type ValidationContext } from './context';
import { IDENTIFIER } from './formats';

type RefKind = Extract<Kind, { kind: 'ref' }>;

/** Unknown (custom) types may be SDOs or SCOs; we cannot tell, so category targets admit them. */
function isCustomType(type: string): boolean {
  return type !== 'bundle' && !TYPE_DEFINITIONS.has(type);
}

function matches(type: string, target: RefTarget): boolean {
  switch (target) {
    case 'any': return true;
    case 'sdo': return SDO_TYPES.has(type) || isCustomType(type);
    case 'sco': return SCO_TYPES.has(type) || isCustomType(type);
    case 'sro': return SRO_TYPES.has(type);
    default: return type === target;
  }
}

export function refAllowed(type: string, kind: RefKind): boolean {
  if (type === 'bundle' || kind.excluded?.includes(type)) return false;
  if (!kind.targets) return true;
  for (const t of kind.targets) if (matches(type, t)) return true;
  return false;
}

function describeTargets(kind: RefKind): string {
  const names = (kind.targets ?? ['any']).map((t) => (t === 'sdo' ? 'an SDO' : t === 'sco' ? 'an SCO' : t === 'sro' ? 'an SRO' : t === 'any' ? 'a STIX object' : t));
  return names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`;
}

export function checkRef(value: unknown, kind: RefKind, path: string, ctx: ValidationContext): void {
  if (typeof value !== 'string') {
    ctx.out.push({ path, message: 'must be an identifier string' });
    return;
  }
  const m = IDENTIFIER.exec(value);
  let type: string;
  if (m) {
    type = m[1];
  } else if (ctx.embedded && Object.prototype.hasOwnProperty.call(ctx.embedded, value)) {
    const target = ctx.embedded[value];
    if (!isPlainObject(target) || typeof target.type !== 'string') return;
    type = target.type;
  } else {
    ctx.out.push({ path, message: ctx.embedded ? 'must be an identifier or a key of objects' : 'must be an identifier of the form type--UUID' });
    return;
  }
  if (!refAllowed(type, kind)) ctx.out.push({ path, message: `must reference ${describeTargets(kind)}, not ${type}` });
}
