/**
 * The exchange's promise: anything our validator accepts also passes the OASIS JSON schemas. Starting
 * from every example and sample object, fast-check drops and rewrites properties at any depth; whenever
 * we accept the result, ajv must too. (The converse is not claimed: we check far more than the schemas.)
 */
import fc from 'fast-check';
import { isPlainObject } from '../problem';
import { TLP_MARKING_DEFINITIONS } from '../tlp.constants';
import { oasisExampleObjects, oasisSchemas } from '../testing/oasis-schemas';
import { SAMPLE_OBJECTS } from '../testing/sample-objects';
import { validateStixObject } from './validate-object';

const BASES: Array<Record<string, unknown>> = [...oasisExampleObjects().map((e) => e.object), ...SAMPLE_OBJECTS, ...Object.values(TLP_MARKING_DEFINITIONS)];

type Path = Array<string | number>;

/** Every path to a value inside `value`, the root excluded. */
function paths(value: unknown, prefix: Path = []): Path[] {
  const out: Path[] = [];
  if (Array.isArray(value)) value.forEach((v, i) => out.push([...prefix, i], ...paths(v, [...prefix, i])));
  else if (isPlainObject(value)) for (const [k, v] of Object.entries(value)) out.push([...prefix, k], ...paths(v, [...prefix, k]));
  return out;
}

type Mutation = { op: 'drop' | 'set' | 'add'; at: number; value: unknown; key: string };

function apply(obj: Record<string, unknown>, m: Mutation): Record<string, unknown> {
  const copy = structuredClone(obj);
  const all = paths(copy);
  if (all.length === 0) return copy;
  const path = all[m.at % all.length];
  const parent = path.slice(0, -1).reduce<unknown>((o, k) => (o as Record<string | number, unknown>)[k], copy) as Record<string | number, unknown>;
  const last = path[path.length - 1];
  if (m.op === 'drop') {
    if (Array.isArray(parent)) parent.splice(last as number, 1);
    else delete parent[last];
  } else if (m.op === 'set') {
    parent[last] = m.value;
  } else {
    const target = isPlainObject(parent[last]) ? (parent[last] as Record<string, unknown>) : copy;
    target[m.key] = m.value;
  }
  return copy;
}

const interesting = fc.constantFrom(
  '2.0', '2.1', '', 'x', 'ABC', '2016-01-01T00:00:00Z', '2016-01-01T00:00:00.000Z', '2016-01-01T00:00:00', '2016-13-01T00:00:00Z',
  'identity--f431f809-377b-45e0-aa1c-6a4751cae5ff', 'malware--31b940d4-6f7f-459a-80ea-9c1f17b5891b', 'indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f',
  'marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da', 'bundle--44af6c39-c09b-49c5-9de2-394224b04982', 'identity--1234',
  'https://example.com/x', 'not a uri', 'cve', 'capec', 'CVE-2020-1234', 'CAPEC-1', 'deadbeef', 'abc', 'aGVsbG8=', 'statement', 'tlp',
  '10.0.0.1', '10.0.0.300', '::1', 'example.com', 'a@b.c', 'file', 'property-extension', 'toplevel-property-extension', 'new-sdo',
  'HKLM\\x', 'd2:fb:49:24:37:18', 'SHA-256', 'MD5', 'stix', "[file:name = 'x']", '[bad', 0, -1, 1, 100, 101, 65536, 1.5, true, false, null,
  [], [''], ['x'], [1], {}, { a: 1 }, { statement: 'x' }, { tlp: 'green' }, { source_name: 'x' }, { source_name: 'cve', external_id: 'CVE-2020-1234' },
  { kill_chain_name: 'k', phase_name: 'p' }, { selectors: ['name'], marking_ref: 'marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da' },
  { MD5: 'cead3f77f6cda6ec00f57d76c9a6879f' }, { 'SHA-256': 'abc' }, { extension_type: 'property-extension' },
);
const anyValue = fc.oneof(interesting, fc.string({ maxLength: 8 }), fc.integer(), fc.double(), fc.boolean(), fc.jsonValue({ maxDepth: 2 }));
const keys = fc.constantFrom(
  'name', 'description', 'id', 'type', 'created', 'modified', 'spec_version', 'labels', 'confidence', 'lang', 'revoked', 'external_references',
  'object_marking_refs', 'granular_markings', 'extensions', 'x_custom', 'x_custom_bin', 'x_custom_hex', 'severity', 'Bad', 'ab', 'hashes',
  'value', 'url', 'external_id', 'source_name', 'definition', 'definition_type', 'extension_type', 'created_by_ref', 'pattern', 'valid_until',
  'objects', 'object_refs', 'is_family', 'latitude', 'precision', 'payload_bin', 'end', 'is_active', 'lang', 'selectors', 'marking_ref',
);
const mutation = fc.record({ op: fc.constantFrom('drop', 'set', 'add'), at: fc.nat(), value: anyValue, key: keys }) as fc.Arbitrary<Mutation>;

describe('our validator never accepts what the OASIS schemas refuse', () => {
  const schemas = oasisSchemas();

  it('holds for mutated examples', () => {
    let accepted = 0;
    fc.assert(
      fc.property(fc.nat(BASES.length - 1), fc.array(mutation, { minLength: 1, maxLength: 3 }), (base, mutations) => {
        const obj = mutations.reduce(apply, BASES[base]);
        if (validateStixObject(obj).length > 0) return true;
        accepted++;
        const schema = schemas.forType(String(obj.type));
        if (!schema) return true; // a custom type: the schemas have nothing to say
        if (!schema(obj)) throw new Error(`accepted by us, refused by the schema: ${JSON.stringify(schema.errors?.slice(0, 3))}`);
        return true;
      }),
      { numRuns: Number(process.env.STIX_PROPERTY_RUNS ?? 4000) },
    );
    // The property is only meaningful if a fair share of mutants is accepted.
    expect(accepted).toBeGreaterThan(400);
  });
});
