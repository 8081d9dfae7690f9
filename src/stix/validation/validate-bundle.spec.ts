import { anIndicator, without } from '../testing/factories';
import { validateBundle } from './validate-bundle';

const bundle = (objects: unknown) => ({ type: 'bundle', id: 'bundle--44af6c39-c09b-49c5-9de2-394224b04982', objects });

describe('validateBundle', () => {
  it('returns the objects and no problems for a valid bundle', () => {
    const objects = [anIndicator()];
    expect(validateBundle(bundle(objects))).toEqual({ objects, problems: [] });
  });

  it('reports per-object problems with the index path, index and id', () => {
    const bad = anIndicator({ valid_from: '2016-01-01' });
    const result = validateBundle(bundle([anIndicator(), anIndicator(), anIndicator(), bad, 'junk']));
    expect(result.objects).toHaveLength(5);
    expect(result.problems).toEqual([
      { path: '$.objects[3].valid_from', message: 'must be an RFC 3339 UTC timestamp ending in Z (YYYY-MM-DDTHH:MM:SS[.fraction]Z)', index: 3, id: bad.id },
      { path: '$.objects[4]', message: 'must be an object', index: 4 },
    ]);
  });

  it('checks the envelope', () => {
    expect(validateBundle({ type: 'bundel', id: 'bundle--1', objects: {} }).problems).toEqual([
      { path: '$.type', message: 'must be "bundle"' },
      { path: '$.id', message: 'must be an identifier of the form bundle--UUID' },
      { path: '$.objects', message: 'must be a list' },
    ]);
    expect(validateBundle(without(bundle([]), 'id')).problems).toEqual([
      { path: '$.id', message: 'required property missing' },
      { path: '$.objects', message: 'must not be empty' },
    ]);
    expect(validateBundle([]).problems).toEqual([{ path: '$', message: 'must be an object' }]);
  });

  it('refuses a bundle nested as an object', () => {
    expect(validateBundle(bundle([bundle([anIndicator()])])).problems).toEqual([
      { path: '$.objects[0].type', message: 'a bundle cannot be an object inside a bundle', index: 0, id: 'bundle--44af6c39-c09b-49c5-9de2-394224b04982' },
    ]);
  });
});
