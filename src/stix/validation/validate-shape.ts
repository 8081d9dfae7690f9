/** Walks an object against an ObjectShape: property names, per-property kinds, required properties, rules. */
import { RESERVED_PROPERTIES } from '../definitions/common.definitions';
import { type ObjectShape, type Rule } from '../definitions/definition.types';
import { childPath } from '../problem';
import { compareTimestamps, timestampError } from '../timestamp';
import { type ValidationContext } from './context';
import { BASE64, HEX, PROPERTY_NAME } from './formats';
import { checkValue } from './validate-value';

/** `topLevel` adds the STIX object-level name rules (reserved names). */
export function validateShape(obj: Record<string, unknown>, shape: ObjectShape, path: string, ctx: ValidationContext, topLevel = false): void {
  const props = shape.props;
  for (const key in obj) {
    const value = obj[key];
    // Own properties only: `constructor` or `__proto__` in the input must not find Object.prototype's.
    const def = Object.hasOwn(props, key) ? props[key] : undefined;
    if (shape.propertyRules && !genericPropertyOk(key, value, def !== undefined, path, ctx, topLevel)) continue;
    if (value === null) {
      ctx.out.push({ path: childPath(path, key), message: 'must not be null' });
      continue;
    }
    if (def !== undefined) checkValue(value, def, childPath(path, key), ctx);
    else if (shape.closed) ctx.out.push({ path: childPath(path, key), message: 'unknown property' });
  }
  for (const key in props) {
    if (props[key].required && obj[key] === undefined) ctx.out.push({ path: childPath(path, key), message: 'required property missing' });
  }
  if (shape.rules) for (const rule of shape.rules) applyRule(rule, obj, path, ctx);
}

/**
 * The OASIS `properties` schema's rules for any property, defined or custom: a STIX property name, no
 * null, no empty list, and `_bin`/`_hex` suffixes meaning base64/hex. False when the value is not worth
 * checking further.
 */
function genericPropertyOk(key: string, value: unknown, defined: boolean, path: string, ctx: ValidationContext, topLevel: boolean): boolean {
  if (!PROPERTY_NAME.test(key) && key !== 'id') {
    ctx.out.push({ path: childPath(path, key), message: 'invalid property name (3-250 of a-z, 0-9, _; starting with a letter)' });
    return false;
  }
  if (topLevel && RESERVED_PROPERTIES.has(key)) {
    ctx.out.push({ path: childPath(path, key), message: 'reserved property name' });
    return false;
  }
  if (Array.isArray(value) && value.length === 0) {
    ctx.out.push({ path: childPath(path, key), message: 'must not be empty' });
    return false;
  }
  if (!defined) {
    if (key.endsWith('_bin') && !(typeof value === 'string' && BASE64.test(value))) {
      ctx.out.push({ path: childPath(path, key), message: 'must be base64 (a _bin property)' });
    } else if (key.endsWith('_hex') && !(typeof value === 'string' && HEX.test(value))) {
      ctx.out.push({ path: childPath(path, key), message: 'must be hex (a _hex property)' });
    }
  }
  return true;
}

function present(obj: Record<string, unknown>, key: string): boolean {
  return obj[key] !== undefined;
}

function applyRule(rule: Rule, obj: Record<string, unknown>, path: string, ctx: ValidationContext): void {
  switch (rule.rule) {
    case 'at-least-one':
      if (!rule.of.some((k) => present(obj, k))) ctx.out.push({ path, message: `at least one of ${rule.of.join(', ')} is required` });
      return;
    case 'exactly-one': {
      const found = rule.of.filter((k) => present(obj, k));
      if (found.length !== 1) ctx.out.push({ path: found.length ? childPath(path, found[1]) : path, message: `exactly one of ${rule.of.join(', ')} is required` });
      return;
    }
    case 'requires':
      if (present(obj, rule.if)) {
        for (const k of rule.then) if (!present(obj, k)) ctx.out.push({ path: childPath(path, k), message: `required property missing (${rule.if} is present)` });
      }
      return;
    case 'excludes':
      if (present(obj, rule.if)) {
        for (const k of rule.then) if (present(obj, k)) ctx.out.push({ path: childPath(path, k), message: `must not be present together with ${rule.if}` });
      }
      return;
    case 'order': {
      const a = obj[rule.earlier], b = obj[rule.later];
      if (typeof a !== 'string' || typeof b !== 'string' || timestampError(a) || timestampError(b)) return;
      const c = compareTimestamps(b, a);
      if (rule.strict ? c <= 0 : c < 0) {
        ctx.out.push({ path: childPath(path, rule.later), message: rule.strict ? `must be later than ${rule.earlier}` : `must not be earlier than ${rule.earlier}` });
      }
      return;
    }
    case 'custom':
      rule.check(obj, path, ctx.out);
      return;
  }
}
