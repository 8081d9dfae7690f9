import { SCO_TYPES, SDO_TYPES, SRO_TYPES, META_TYPES } from '../definitions/registry';
import { oasisExampleObjects, oasisSchemas } from '../testing/oasis-schemas';
import { SAMPLE_OBJECTS } from '../testing/sample-objects';
import { validateStixObject } from './validate-object';

describe('a valid object of every other type', () => {
  it('covers, with the OASIS examples, every STIX 2.1 type', () => {
    const covered = new Set([...SAMPLE_OBJECTS, ...oasisExampleObjects().map((e) => e.object)].map((o) => o.type));
    expect([...SDO_TYPES, ...SRO_TYPES, ...SCO_TYPES, ...META_TYPES].filter((t) => !covered.has(t))).toEqual([]);
  });

  it.each(SAMPLE_OBJECTS.map((o) => [String(o.type), o] as const))('%s passes our validator and the OASIS schema', (type, obj) => {
    expect(validateStixObject(obj)).toEqual([]);
    const schema = oasisSchemas().forType(type)!;
    expect(schema(obj) ? [] : schema.errors).toEqual([]);
  });
});
