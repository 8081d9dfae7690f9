/**
 * Test support: the OASIS STIX 2.1 JSON schemas and examples, from `<repo>/../shared/oasis` (CI clones
 * the repository beside `shared/`). Used by specs only; ajv is a dev dependency.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';

export const OASIS_DIR = path.join(__dirname, '../../../../shared/oasis');

function jsonFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? jsonFiles(p) : e.name.endsWith('.json') ? [p] : [];
  });
}

const HOSTNAME = /^(?=.{1,253}\.?$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[-0-9a-z]{0,61}[0-9a-z])?)*\.?$/i;

export interface OasisSchemas {
  /** The schema for one object, chosen by its `type`; undefined for custom types. */
  forType(type: string): ValidateFunction | undefined;
  bundle: ValidateFunction;
}

let cached: OasisSchemas | undefined;

export function oasisSchemas(): OasisSchemas {
  if (cached) return cached;
  const ajv = new Ajv2020({ strict: false, allErrors: true, unicodeRegExp: false });
  addFormats(ajv);
  // ajv-formats has no idn-hostname; an IDN is checked on its punycode (URL) form.
  ajv.addFormat('idn-hostname', (s: string) => {
    try {
      return HOSTNAME.test(new URL(`http://${s}/`).hostname) && !/[\s/:@?#%]/.test(s);
    } catch {
      return false;
    }
  });
  const byType = new Map<string, string>();
  for (const file of jsonFiles(path.join(OASIS_DIR, 'schemas'))) {
    const schema = JSON.parse(fs.readFileSync(file, 'utf8')) as { $id: string };
    ajv.addSchema(schema);
    byType.set(path.basename(file, '.json'), schema.$id);
  }
  const compiled = new Map<string, ValidateFunction>();
  const get = (name: string): ValidateFunction | undefined => {
    const id = byType.get(name);
    if (!id || ['core', 'cyber-observable-core', 'bundle', 'properties', 'dictionary'].includes(name)) return undefined;
    if (!compiled.has(id)) compiled.set(id, ajv.getSchema(id)!);
    return compiled.get(id);
  };
  cached = { forType: get, bundle: ajv.getSchema(byType.get('bundle')!)! };
  return cached;
}

export interface ExampleObject {
  file: string;
  index: number;
  object: Record<string, unknown>;
}

/** Every object of every example file (bundles are opened; a file holding one object counts as one). */
export function oasisExampleObjects(): ExampleObject[] {
  return jsonFiles(path.join(OASIS_DIR, 'examples')).flatMap((file) => {
    const json = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
    const name = path.relative(path.join(OASIS_DIR, 'examples'), file);
    const objects = json.type === 'bundle' ? (json.objects as Record<string, unknown>[]) : [json];
    return objects.map((object, index) => ({ file: name, index, object }));
  });
}

export function oasisExampleBundles(): Array<{ file: string; bundle: Record<string, unknown> }> {
  return jsonFiles(path.join(OASIS_DIR, 'examples'))
    .map((file) => ({ file: path.basename(file), bundle: JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown> }))
    .filter((b) => b.bundle.type === 'bundle');
}
