/** Validates a bundle envelope and every object in it; object problems carry the index and id. */
import { isPlainObject, type StixProblem } from '../problem';
import { type ValidationContext } from './context';
import { IDENTIFIER } from './formats';
import { validateObjectInto } from './validate-object';

export type BundleProblem = StixProblem & { index?: number; id?: string };

export function validateBundle(bundle: unknown): { objects: unknown[]; problems: BundleProblem[] } {
  const problems: BundleProblem[] = [];
  if (!isPlainObject(bundle)) return { objects: [], problems: [{ path: '$', message: 'must be an object' }] };
  if (bundle.type !== 'bundle') problems.push({ path: '$.type', message: bundle.type === undefined ? 'required property missing' : 'must be "bundle"' });
  const id = bundle.id;
  if (id === undefined) problems.push({ path: '$.id', message: 'required property missing' });
  else if (typeof id !== 'string' || !IDENTIFIER.test(id) || !id.startsWith('bundle--')) problems.push({ path: '$.id', message: 'must be an identifier of the form bundle--UUID' });
  const objects = bundle.objects;
  if (objects === undefined) return { objects: [], problems };
  if (!Array.isArray(objects)) {
    problems.push({ path: '$.objects', message: 'must be a list' });
    return { objects: [], problems };
  }
  if (objects.length === 0) problems.push({ path: '$.objects', message: 'must not be empty' });
  const ctx: ValidationContext = { out: [] };
  for (let index = 0; index < objects.length; index++) {
    const obj = objects[index];
    ctx.out = [];
    validateObjectInto(obj, `$.objects[${index}]`, ctx);
    if (ctx.out.length === 0) continue;
    const objectId = isPlainObject(obj) && typeof obj.id === 'string' ? obj.id : undefined;
    for (const p of ctx.out) problems.push(objectId === undefined ? { ...p, index } : { ...p, index, id: objectId });
  }
  return { objects, problems };
}
