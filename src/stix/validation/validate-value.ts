/** Checks one value against one property Kind. */
import { type Kind } from '../definitions/definition.types';
import { indexPath, isPlainObject } from '../problem';
import { timestampError } from '../timestamp';
import { type ValidationContext } from './context';
import { BASE64, EMAIL, HEX, LANG, isHostname, isUri } from './formats';
import { checkRef } from './references';
import { checkDictionary, checkExtensions, checkExternalReferences, checkGranularMarkings, checkHashes, checkKillChainPhases } from './structures';
import { validateShape } from './validate-shape';

const TIMESTAMP_MESSAGE = 'must be an RFC 3339 UTC timestamp ending in Z (YYYY-MM-DDTHH:MM:SS[.fraction]Z)';

export function checkValue(value: unknown, kind: Kind, path: string, ctx: ValidationContext): void {
  const out = ctx.out;
  switch (kind.kind) {
    case 'string':
      if (typeof value !== 'string') out.push({ path, message: 'must be a string' });
      else checkString(value, kind, path, ctx);
      return;
    case 'timestamp': {
      if (typeof value !== 'string') return void out.push({ path, message: TIMESTAMP_MESSAGE });
      const err = timestampError(value, kind.millis);
      if (err === 'format') out.push({ path, message: TIMESTAMP_MESSAGE });
      else if (err === 'range') out.push({ path, message: 'is not a real date and time' });
      else if (err === 'millis') out.push({ path, message: 'must have at least millisecond precision' });
      else if (kind.secondsOnly && value.length !== 20) out.push({ path, message: 'must have whole-second precision' });
      return;
    }
    case 'ref':
      return checkRef(value, kind, path, ctx);
    case 'list':
      if (!Array.isArray(value)) return void out.push({ path, message: 'must be a list' });
      if (value.length === 0 && !kind.allowEmpty) return void out.push({ path, message: 'must not be empty' });
      if (kind.minItems !== undefined && value.length < kind.minItems) return void out.push({ path, message: `must have at least ${kind.minItems} items` });
      for (let i = 0; i < value.length; i++) {
        if (value[i] === null) out.push({ path: indexPath(path, i), message: 'must not be null' });
        else checkValue(value[i], kind.of, indexPath(path, i), ctx);
      }
      return;
    case 'enum':
      if (typeof value !== 'string') out.push({ path, message: 'must be a string' });
      else if (!kind.open && !kind.values.includes(value)) out.push({ path, message: `must be one of: ${kind.values.join(', ')}` });
      return;
    case 'integer':
      if (typeof value !== 'number' || !Number.isInteger(value)) return void out.push({ path, message: 'must be an integer' });
      checkRange(value, kind.min, kind.max, path, ctx);
      return;
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) return void out.push({ path, message: 'must be a number' });
      checkRange(value, kind.min, kind.max, path, ctx);
      return;
    case 'boolean':
      if (typeof value !== 'boolean') out.push({ path, message: 'must be a boolean' });
      return;
    case 'hashes':
      return checkHashes(value, path, ctx, kind.vocabularyOnly);
    case 'kill-chain-phases':
      return checkKillChainPhases(value, path, ctx);
    case 'external-references':
      return checkExternalReferences(value, path, ctx);
    case 'granular-markings':
      return checkGranularMarkings(value, path, ctx);
    case 'extensions':
      return checkExtensions(value, kind, path, ctx);
    case 'dictionary':
      return checkDictionary(value, kind, path, ctx);
    case 'object':
      if (!isPlainObject(value)) return void out.push({ path, message: 'must be an object' });
      return validateShape(value, kind.shape, path, ctx);
    case 'union': {
      for (const alt of kind.of) {
        const scratch: ValidationContext = { ...ctx, out: [] };
        checkValue(value, alt, path, scratch);
        if (scratch.out.length === 0) return;
      }
      out.push({ path, message: `must be ${kind.hint}` });
      return;
    }
    case 'id':
    case 'any':
      return;
  }
}

function checkString(value: string, kind: Extract<Kind, { kind: 'string' }>, path: string, ctx: ValidationContext): void {
  if (kind.pattern && !kind.pattern.test(value)) {
    ctx.out.push({ path, message: kind.patternHint ? `must be ${kind.patternHint}` : `must match ${kind.pattern.source}` });
  } else if (kind.notPattern && kind.notPattern.test(value)) {
    ctx.out.push({ path, message: kind.patternHint ?? `must not match ${kind.notPattern.source}` });
  }
  switch (kind.format) {
    case undefined: return;
    case 'uri': if (!isUri(value)) ctx.out.push({ path, message: 'must be an absolute URI (RFC 3986)' }); return;
    case 'email': if (!EMAIL.test(value)) ctx.out.push({ path, message: 'must be an email address' }); return;
    case 'hostname': if (!isHostname(value)) ctx.out.push({ path, message: 'must be a domain name' }); return;
    case 'lang': if (!LANG.test(value)) ctx.out.push({ path, message: 'must be an RFC 5646 language tag' }); return;
    case 'binary': if (!BASE64.test(value)) ctx.out.push({ path, message: 'must be base64' }); return;
    case 'hex': if (!HEX.test(value)) ctx.out.push({ path, message: 'must be hex (an even number of hex digits)' }); return;
  }
}

function checkRange(value: number, min: number | undefined, max: number | undefined, path: string, ctx: ValidationContext): void {
  if (min !== undefined && value < min) ctx.out.push({ path, message: `must be at least ${min}` });
  else if (max !== undefined && value > max) ctx.out.push({ path, message: `must be at most ${max}` });
}
