/** The common STIX data structures: hashes, external references, kill chain phases, markings, extensions, dictionaries. */
import { type Kind, type Prop } from '../definitions/definition.types';
import { EXTENSION_TYPE_ENUM } from '../definitions/vocabularies';
import { childPath, indexPath, isPlainObject } from '../problem';
import { type ValidationContext } from './context';
import { DICTIONARY_KEY, EXTENSION_KEY_DEFINITION, EXTENSION_KEY_EXT, HASH_FORMATS, HASH_KEY, hashFormat, isUri } from './formats';
import { checkRef } from './references';
import { validateShape } from './validate-shape';
import { checkValue } from './validate-value';

export function checkHashes(value: unknown, path: string, ctx: ValidationContext, vocabularyOnly = false): void {
  if (!isPlainObject(value)) return void ctx.out.push({ path, message: 'must be an object' });
  let count = 0;
  for (const alg in value) {
    count++;
    const p = childPath(path, alg);
    const hash = value[alg];
    const format = hashFormat(alg);
    if (!HASH_KEY.test(alg)) ctx.out.push({ path: p, message: 'invalid hash algorithm name' });
    else if (vocabularyOnly && !format) ctx.out.push({ path: p, message: `hash algorithm must be one of ${Object.keys(HASH_FORMATS).join(', ')}` });
    else if (typeof hash !== 'string') ctx.out.push({ path: p, message: 'must be a string' });
    else if (format && !format.test(hash)) ctx.out.push({ path: p, message: `must be a valid ${alg} value` });
  }
  if (count === 0) ctx.out.push({ path, message: 'must not be empty' });
}

function eachObject(value: unknown, path: string, ctx: ValidationContext, check: (item: Record<string, unknown>, p: string) => void): void {
  if (!Array.isArray(value)) return void ctx.out.push({ path, message: 'must be a list' });
  if (value.length === 0) return void ctx.out.push({ path, message: 'must not be empty' });
  for (let i = 0; i < value.length; i++) {
    const item = value[i];
    if (!isPlainObject(item)) ctx.out.push({ path: indexPath(path, i), message: 'must be an object' });
    else check(item, indexPath(path, i));
  }
}

function stringProp(item: Record<string, unknown>, key: string, path: string, ctx: ValidationContext, required: boolean): void {
  const v = item[key];
  if (v === undefined) {
    if (required) ctx.out.push({ path: childPath(path, key), message: 'required property missing' });
  } else if (typeof v !== 'string') {
    ctx.out.push({ path: childPath(path, key), message: 'must be a string' });
  }
}

export function checkKillChainPhases(value: unknown, path: string, ctx: ValidationContext): void {
  eachObject(value, path, ctx, (phase, p) => {
    stringProp(phase, 'kill_chain_name', p, ctx, true);
    stringProp(phase, 'phase_name', p, ctx, true);
  });
}

const CVE = /^CVE-\d{4}-(0\d{3}|[1-9]\d{3,})$/;
const CAPEC = /^CAPEC-\d+$/;

export function checkExternalReferences(value: unknown, path: string, ctx: ValidationContext): void {
  eachObject(value, path, ctx, (ref, p) => {
    stringProp(ref, 'source_name', p, ctx, true);
    stringProp(ref, 'description', p, ctx, false);
    stringProp(ref, 'external_id', p, ctx, false);
    if (ref.url !== undefined && !(typeof ref.url === 'string' && isUri(ref.url))) ctx.out.push({ path: `${p}.url`, message: 'must be an absolute URI (RFC 3986)' });
    if (ref.hashes !== undefined) checkHashes(ref.hashes, `${p}.hashes`, ctx, true);
    const source = ref.source_name, id = ref.external_id;
    if (typeof source !== 'string') return;
    // CVE and CAPEC entries are how vulnerabilities and attack patterns are matched across feeds (§4.19, §4.1).
    if (source === 'cve' || source === 'capec') {
      const pattern = source === 'cve' ? CVE : CAPEC;
      if (id === undefined) ctx.out.push({ path: `${p}.external_id`, message: `required property missing (source_name is ${source})` });
      else if (typeof id === 'string' && !pattern.test(id)) ctx.out.push({ path: `${p}.external_id`, message: `must be a ${source.toUpperCase()} identifier (${source === 'cve' ? 'CVE-YYYY-NNNN' : 'CAPEC-N'})` });
    } else {
      if (typeof id === 'string' && (CVE.test(id) || CAPEC.test(id))) ctx.out.push({ path: `${p}.source_name`, message: `must be "${id.startsWith('CVE') ? 'cve' : 'capec'}" for ${id}` });
      if (id === undefined && ref.description === undefined && ref.url === undefined) ctx.out.push({ path: p, message: 'at least one of external_id, description, url is required' });
    }
  });
}

const SELECTOR = /^([a-z0-9_-]{3,249}(\.(\[\d+\]|[a-z0-9_-]{1,250}))*|id)$/;
const MARKING_REF: Extract<Kind, { kind: 'ref' }> = { kind: 'ref', targets: ['marking-definition'] };

export function checkGranularMarkings(value: unknown, path: string, ctx: ValidationContext): void {
  eachObject(value, path, ctx, (marking, p) => {
    const selectors = marking.selectors;
    if (selectors === undefined) ctx.out.push({ path: `${p}.selectors`, message: 'required property missing' });
    else if (!Array.isArray(selectors)) ctx.out.push({ path: `${p}.selectors`, message: 'must be a list' });
    else if (selectors.length === 0) ctx.out.push({ path: `${p}.selectors`, message: 'must not be empty' });
    else selectors.forEach((s, i) => {
      if (typeof s !== 'string' || !SELECTOR.test(s)) ctx.out.push({ path: indexPath(`${p}.selectors`, i), message: 'must be a property selector (name, name.sub, name.[0])' });
    });
    // The OASIS schema requires marking_ref; the specification forbids it together with lang.
    if (marking.marking_ref === undefined) ctx.out.push({ path: `${p}.marking_ref`, message: 'required property missing' });
    else checkRef(marking.marking_ref, MARKING_REF, `${p}.marking_ref`, ctx);
    if (marking.lang !== undefined) ctx.out.push({ path: `${p}.lang`, message: 'must not be combined with marking_ref' });
  });
}

const EXTENSION_TYPE: Prop = { kind: 'enum', values: EXTENSION_TYPE_ENUM, open: false, required: true };
const NO_SHAPE = { props: {}, propertyRules: true } as const;
const DEFINITION_EXT_SHAPE = { props: { extension_type: EXTENSION_TYPE }, propertyRules: true } as const;

export function checkExtensions(value: unknown, kind: Extract<Kind, { kind: 'extensions' }>, path: string, ctx: ValidationContext): void {
  if (!isPlainObject(value)) return void ctx.out.push({ path, message: 'must be an object' });
  let count = 0;
  for (const key in value) {
    count++;
    const p = childPath(path, key);
    const ext = value[key];
    let shape;
    if (EXTENSION_KEY_DEFINITION.test(key)) shape = DEFINITION_EXT_SHAPE;
    else if (!kind.definitionsOnly && EXTENSION_KEY_EXT.test(key)) shape = (kind.predefined && Object.hasOwn(kind.predefined, key) ? kind.predefined[key] : undefined) ?? NO_SHAPE;
    else {
      ctx.out.push({ path: p, message: kind.definitionsOnly ? 'must be an extension-definition id' : 'must be an extension-definition id or a name ending in -ext' });
      continue;
    }
    if (!isPlainObject(ext)) ctx.out.push({ path: p, message: 'must be an object' });
    else if (Object.keys(ext).length === 0) ctx.out.push({ path: p, message: 'must not be empty' });
    else validateShape(ext, shape, p, ctx);
  }
  if (count === 0) ctx.out.push({ path, message: 'must not be empty' });
}

export function checkDictionary(value: unknown, kind: Extract<Kind, { kind: 'dictionary' }>, path: string, ctx: ValidationContext): void {
  if (!isPlainObject(value)) return void ctx.out.push({ path, message: 'must be an object' });
  let count = 0;
  for (const key in value) {
    count++;
    const p = childPath(path, key);
    const v = value[key];
    if (!DICTIONARY_KEY.test(key) || (kind.keyPattern && !kind.keyPattern.test(key))) ctx.out.push({ path: p, message: 'invalid dictionary key' });
    else if (v === null) ctx.out.push({ path: p, message: 'must not be null' });
    else if (Array.isArray(v) && v.length === 0) ctx.out.push({ path: p, message: 'must not be empty' });
    else if (kind.values) checkValue(v, kind.values, p, ctx);
  }
  if (count === 0) ctx.out.push({ path, message: 'must not be empty' });
}
