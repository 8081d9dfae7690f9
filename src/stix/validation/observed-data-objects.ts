/** The deprecated observed-data `objects` dictionary: embedded SCOs that may reference each other by key. */
import { SCO_TYPES, TYPE_DEFINITIONS } from '../definitions/registry';
import { childPath, isPlainObject, type StixProblem } from '../problem';
import { validateObjectInto } from './validate-object';

export function checkObservedDataObjects(obj: Record<string, unknown>, path: string, out: StixProblem[]): void {
  const objects = obj.objects;
  if (objects === undefined) return;
  const p = `${path}.objects`;
  if (!isPlainObject(objects)) return void out.push({ path: p, message: 'must be an object' });
  const keys = Object.keys(objects);
  if (keys.length === 0) return void out.push({ path: p, message: 'must not be empty' });
  for (const key of keys) {
    const sco = objects[key];
    const sp = childPath(p, key);
    const type = isPlainObject(sco) ? sco.type : undefined;
    if (typeof type === 'string' && TYPE_DEFINITIONS.has(type) && !SCO_TYPES.has(type)) {
      out.push({ path: `${sp}.type`, message: 'only cyber-observable objects can be embedded' });
      continue;
    }
    validateObjectInto(sco, sp, { out, embedded: objects });
  }
}
