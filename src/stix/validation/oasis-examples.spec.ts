import { TLP1_MARKING_DEFINITIONS, TLP_MARKING_DEFINITIONS } from '../tlp.constants';
import { oasisExampleBundles, oasisExampleObjects, oasisSchemas } from '../testing/oasis-schemas';
import { validateBundle } from './validate-bundle';
import { validateStixObject } from './validate-object';

const examples = oasisExampleObjects();
const schemas = oasisSchemas();

describe('the OASIS STIX 2.1 examples', () => {
  it('are all there (260 objects, as SOURCE.md says)', () => {
    expect(examples).toHaveLength(260);
  });

  it.each(examples.map((e) => [`${e.file}#${e.index} ${String(e.object.type)}`, e] as const))('%s is accepted by our validator and the OASIS schema', (_name, e) => {
    expect(validateStixObject(e.object)).toEqual([]);
    const schema = schemas.forType(String(e.object.type))!;
    expect(schema(e.object) ? [] : schema.errors).toEqual([]);
  });

  it.each(oasisExampleBundles().map((b) => [b.file, b.bundle] as const))('bundle %s is accepted whole, by us and by the bundle schema', (_file, bundle) => {
    expect(validateBundle(bundle).problems).toEqual([]);
    expect(schemas.bundle(bundle) ? [] : schemas.bundle.errors).toEqual([]);
  });
});

describe('the TLP marking definitions we publish', () => {
  it.each([...Object.values(TLP_MARKING_DEFINITIONS), ...TLP1_MARKING_DEFINITIONS].map((m) => [m.name, m] as const))('%s passes our validator and the OASIS schema', (_name, marking) => {
    expect(validateStixObject(marking)).toEqual([]);
    const schema = schemas.forType('marking-definition')!;
    expect(schema(marking) ? [] : schema.errors).toEqual([]);
  });
});
