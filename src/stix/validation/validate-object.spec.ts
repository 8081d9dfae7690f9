import { anIndicator, without } from '../testing/factories';
import { scoId, validateStixObject } from './validate-object';

const problem = (path: string, message: string) => ({ path, message });

describe('validateStixObject: a valid indicator', () => {
  it('has no problems', () => {
    expect(validateStixObject(anIndicator())).toEqual([]);
  });

  it('keeps custom properties and extensions untouched', () => {
    const obj = anIndicator({
      x_acme_score: 7,
      extensions: { 'extension-definition--d83fce45-ef58-4c6c-a3f4-1fbc32e98c6e': { extension_type: 'property-extension', rank: 5 } },
    });
    const before = JSON.stringify(obj);
    expect(validateStixObject(obj)).toEqual([]);
    expect(JSON.stringify(obj)).toBe(before);
  });
});

describe('validateStixObject: each problem with its path and message', () => {
  it.each([
    ['missing pattern', without(anIndicator(), 'pattern'), [problem('$.pattern', 'required property missing')]],
    ['bad id', anIndicator({ id: 'indicator--1234' }), [problem('$.id', 'must be an identifier of the form type--UUID')]],
    ['id of another type', anIndicator({ id: 'malware--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f' }), [problem('$.id', 'must start with "indicator--"')]],
    ['modified before created', anIndicator({ modified: '2016-04-06T20:03:47.999Z' }), [problem('$.modified', 'must not be earlier than created')]],
    ['created_by_ref to a malware', anIndicator({ created_by_ref: 'malware--31b940d4-6f7f-459a-80ea-9c1f17b5891b' }), [problem('$.created_by_ref', 'must reference identity, not malware')]],
    ['spec_version 2.0', anIndicator({ spec_version: '2.0' }), [problem('$.spec_version', 'must be one of: 2.1')]],
    ['timestamp without Z', anIndicator({ valid_from: '2016-01-01T00:00:00' }), [problem('$.valid_from', 'must be an RFC 3339 UTC timestamp ending in Z (YYYY-MM-DDTHH:MM:SS[.fraction]Z)')]],
    ['timestamp with an offset', anIndicator({ valid_from: '2016-01-01T00:00:00+01:00' }), [problem('$.valid_from', 'must be an RFC 3339 UTC timestamp ending in Z (YYYY-MM-DDTHH:MM:SS[.fraction]Z)')]],
    ['30 February', anIndicator({ valid_from: '2016-02-30T00:00:00Z' }), [problem('$.valid_from', 'is not a real date and time')]],
    ['created without milliseconds', anIndicator({ created: '2016-04-06T20:03:48Z', modified: '2016-04-06T20:03:48Z' }), [problem('$.created', 'must have at least millisecond precision'), problem('$.modified', 'must have at least millisecond precision')]],
    ['confidence 101', anIndicator({ confidence: 101 }), [problem('$.confidence', 'must be at most 100')]],
    ['confidence 50.5', anIndicator({ confidence: 50.5 }), [problem('$.confidence', 'must be an integer')]],
    ['valid_until equal to valid_from', anIndicator({ valid_until: '2016-01-01T00:00:00.000Z' }), [problem('$.valid_until', 'must be later than valid_from')]],
    ['revoked as a string', anIndicator({ revoked: 'yes' }), [problem('$.revoked', 'must be a boolean')]],
    ['an empty list', anIndicator({ indicator_types: [] }), [problem('$.indicator_types', 'must not be empty')]],
    ['a null', anIndicator({ name: null }), [problem('$.name', 'must not be null')]],
    ['a reserved property', anIndicator({ severity: 'high' }), [problem('$.severity', 'reserved property name')]],
    ['a bad custom property name', anIndicator({ 'x-Acme': 1 }), [problem("$['x-Acme']", 'invalid property name (3-250 of a-z, 0-9, _; starting with a letter)')]],
    ['a _hex custom property that is not hex', anIndicator({ x_acme_hex: 'xyz' }), [problem('$.x_acme_hex', 'must be hex (a _hex property)')]],
    ['bad lang', anIndicator({ lang: 'english language' }), [problem('$.lang', 'must be an RFC 5646 language tag')]],
    ['object_marking_refs to an identity', anIndicator({ object_marking_refs: ['identity--f431f809-377b-45e0-aa1c-6a4751cae5ff'] }), [problem('$.object_marking_refs[0]', 'must reference marking-definition, not identity')]],
    ['a bad pattern', anIndicator({ pattern: "[file:name = 'x' AND]" }), [problem('$.pattern', "invalid STIX pattern: expected an object type at 20")]],
    ['an unclosed observation', anIndicator({ pattern: "[ipv4-addr:value = '10.0.0.1'" }), [problem('$.pattern', "invalid STIX pattern: expected ']' at 29")]],
    ['a non-STIX pattern is not parsed', anIndicator({ pattern: 'rule x { condition: true }', pattern_type: 'yara' }), []],
    ['an open vocabulary takes any value', anIndicator({ indicator_types: ['our-own-type'] }), []],
    ['microsecond timestamps compare exactly', anIndicator({ created: '2016-04-06T20:03:48.000001Z', modified: '2016-04-06T20:03:48.000000Z' }), [problem('$.modified', 'must not be earlier than created')]],
  ])('%s', (_name, obj, expected) => {
    expect(validateStixObject(obj)).toEqual(expected);
  });

  it('reports every problem, not the first', () => {
    const obj = anIndicator({ spec_version: '2.0', confidence: -1, valid_from: 'yesterday' });
    delete obj.pattern_type;
    expect(validateStixObject(obj, '$.objects[3]')).toEqual([
      problem('$.objects[3].spec_version', 'must be one of: 2.1'),
      problem('$.objects[3].valid_from', 'must be an RFC 3339 UTC timestamp ending in Z (YYYY-MM-DDTHH:MM:SS[.fraction]Z)'),
      problem('$.objects[3].confidence', 'must be at least 0'),
      problem('$.objects[3].pattern_type', 'required property missing'),
    ]);
  });

  it('refuses what is not an object, and an object without type', () => {
    expect(validateStixObject('indicator')).toEqual([problem('$', 'must be an object')]);
    expect(validateStixObject({ id: 'x' })).toEqual([problem('$.type', 'required property missing')]);
  });
});

describe('validateStixObject: common structures', () => {
  const base = { type: 'vulnerability', spec_version: '2.1', id: 'vulnerability--0c7b5b88-8ff7-4a4d-aa9d-feb398cd0061', created: '2016-05-12T08:17:27.000Z', modified: '2016-05-12T08:17:27.000Z', name: 'CVE-2016-1234' };

  it.each([
    ['external reference without source_name', { external_references: [{ url: 'https://example.com' }] }, [problem('$.external_references[0].source_name', 'required property missing')]],
    ['a malformed CVE id', { external_references: [{ source_name: 'cve', external_id: 'CVE-16-1234' }] }, [problem('$.external_references[0].external_id', 'must be a CVE identifier (CVE-YYYY-NNNN)')]],
    ['a CVE id under another source', { external_references: [{ source_name: 'nvd', external_id: 'CVE-2016-1234' }] }, [problem('$.external_references[0].source_name', 'must be "cve" for CVE-2016-1234')]],
    ['a bad hash in a reference', { external_references: [{ source_name: 'x', url: 'https://example.com/a', hashes: { 'SHA-256': 'abc' } }] }, [problem("$.external_references[0].hashes['SHA-256']", 'must be a valid SHA-256 value')]],
    ['a kill chain phase without phase_name', { type: 'attack-pattern', id: 'attack-pattern--0c7b5b88-8ff7-4a4d-aa9d-feb398cd0061', kill_chain_phases: [{ kill_chain_name: 'lockheed' }] }, [problem('$.kill_chain_phases[0].phase_name', 'required property missing')]],
    ['a granular marking with a bad selector', { granular_markings: [{ selectors: ['Name'], marking_ref: 'marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da' }] }, [problem('$.granular_markings[0].selectors[0]', 'must be a property selector (name, name.sub, name.[0])')]],
    ['a granular marking without marking_ref', { granular_markings: [{ selectors: ['name'], lang: 'en' }] }, [problem('$.granular_markings[0].marking_ref', 'required property missing'), problem('$.granular_markings[0].lang', 'must not be combined with marking_ref')]],
    ['an extension with a bad name', { extensions: { acme: { a_b: 1 } } }, [problem('$.extensions.acme', 'must be an extension-definition id or a name ending in -ext')]],
    ['an extension-definition extension without extension_type', { extensions: { 'extension-definition--d83fce45-ef58-4c6c-a3f4-1fbc32e98c6e': { rank: 1 } } }, [problem("$.extensions['extension-definition--d83fce45-ef58-4c6c-a3f4-1fbc32e98c6e'].extension_type", 'required property missing')]],
  ])('%s', (_name, change, expected) => {
    expect(validateStixObject({ ...base, ...change })).toEqual(expected);
  });
});

describe('validateStixObject: closed vocabularies and per-type rules', () => {
  const sdo = { spec_version: '2.1', created: '2016-05-12T08:17:27.000Z', modified: '2016-05-12T08:17:27.000Z' };
  const opinion = { ...sdo, type: 'opinion', id: 'opinion--b01efc25-77b4-4003-b18b-f6e24b5cd9f7', object_refs: ['report--84e4d88f-44ea-4bcd-bbf3-b2c1c320bcb3'] };

  it.each([
    ['an opinion outside the enumeration', { ...opinion, opinion: 'meh' }, [problem('$.opinion', 'must be one of: strongly-disagree, disagree, neutral, agree, strongly-agree')]],
    ['a malware family without a name', { ...sdo, type: 'malware', id: 'malware--31b940d4-6f7f-459a-80ea-9c1f17b5891b', is_family: true }, [problem('$.name', 'required property missing (is_family is true)')]],
    ['a sighting of a relationship', { ...sdo, type: 'sighting', id: 'sighting--ee20065d-2555-424f-ad9e-0f8428623c75', sighting_of_ref: 'relationship--44298a74-ba52-4f0c-87a3-1824e67d7fad' }, [problem('$.sighting_of_ref', 'must reference an SDO, not relationship')]],
    ['a sighting seen at a malware', { ...sdo, type: 'sighting', id: 'sighting--ee20065d-2555-424f-ad9e-0f8428623c75', sighting_of_ref: 'indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f', where_sighted_refs: ['malware--31b940d4-6f7f-459a-80ea-9c1f17b5891b'] }, [problem('$.where_sighted_refs[0]', 'must reference identity or location, not malware')]],
    ['a sighting whose last_seen precedes first_seen', { ...sdo, type: 'sighting', id: 'sighting--ee20065d-2555-424f-ad9e-0f8428623c75', sighting_of_ref: 'indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f', first_seen: '2020-01-02T00:00:00Z', last_seen: '2020-01-01T00:00:00Z' }, [problem('$.last_seen', 'must not be earlier than first_seen')]],
    ['a relationship from a marking definition', { ...sdo, type: 'relationship', id: 'relationship--44298a74-ba52-4f0c-87a3-1824e67d7fad', relationship_type: 'indicates', source_ref: 'marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da', target_ref: 'malware--31b940d4-6f7f-459a-80ea-9c1f17b5891b' }, [problem('$.source_ref', 'must reference a STIX object, not marking-definition')]],
    ['a location with latitude only', { ...sdo, type: 'location', id: 'location--a6e9345f-5a15-4c29-8bb3-7dcc5d168d64', latitude: 48.8 }, [problem('$.longitude', 'required property missing (latitude is present)')]],
    ['a marking definition of an unknown definition_type', { type: 'marking-definition', spec_version: '2.1', id: 'marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41db', created: '2017-01-20T00:00:00.000Z', definition_type: 'acme', definition: { x: 1 } }, [problem('$.definition_type', 'must be one of: statement, tlp')]],
    ['a forged TLP 1.0 marking', { type: 'marking-definition', spec_version: '2.1', id: 'marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41db', created: '2017-01-20T00:00:00.000Z', definition_type: 'tlp', name: 'TLP:GREEN', definition: { tlp: 'green' } }, [problem('$.id', 'definition_type "tlp" is only for the four predefined TLP 1.0 marking definitions')]],
    ['observed-data with both objects and object_refs', { ...sdo, type: 'observed-data', id: 'observed-data--b67d30ff-02ac-498a-92f9-32f845f448cf', first_observed: '2015-12-21T19:00:00Z', last_observed: '2015-12-21T19:00:00Z', number_observed: 1, object_refs: ['ipv4-addr--ff26c055-6336-4bc5-b98d-13d6226742dd'], objects: { 0: { type: 'ipv4-addr', id: 'ipv4-addr--ff26c055-6336-4bc5-b98d-13d6226742dd', value: '198.51.100.3' } } }, [problem('$.object_refs', 'exactly one of objects, object_refs is required')]],
  ])('%s', (_name, obj, expected) => {
    expect(validateStixObject(obj)).toEqual(expected);
  });
});

describe('validateStixObject: cyber-observables', () => {
  it.each([
    ['an IPv4 with a bad octet', { type: 'ipv4-addr', id: 'ipv4-addr--ff26c055-6336-4bc5-b98d-13d6226742dd', value: '198.51.100.256' }, [problem('$.value', 'must be dotted-quad IPv4, optionally /prefix')]],
    ['an IPv6 written with a dotted tail', { type: 'ipv6-addr', id: 'ipv6-addr--1e61d36c-a16c-43b7-a80f-2a00161c96b1', value: '::ffff:1.2.3.4' }, [problem('$.value', 'must be an IPv6 address in hex-group form, optionally /prefix')]],
    ['a domain with a space', { type: 'domain-name', id: 'domain-name--3c10e93f-798e-4a26-a0c1-08156efab7f5', value: 'exa mple.com' }, [problem('$.value', 'must be a domain name')]],
    ['a URL that is not one', { type: 'url', id: 'url--c1477287-23ac-4971-a010-5c287877fa60', value: 'not a url' }, [problem('$.value', 'must be an absolute URI (RFC 3986)')]],
    ['a file without hashes or name', { type: 'file', id: 'file--5a27d487-c542-4f97-a131-a8866b477b46', size: 3 }, [problem('$', 'at least one of hashes, name is required')]],
    ['hash and property names that are Object.prototype members', { type: 'file', id: 'file--5a27d487-c542-4f97-a131-a8866b477b46', name: 'a', hashes: { constructor: 'x' }, extensions: { 'windows-pebinary-ext': { pe_type: 'exe', imphash: 'x', optional_header: { magic_hex: '010b', toString: 1 } } } }, [problem("$.extensions['windows-pebinary-ext'].optional_header.toString", 'unknown property')]],
    ['a file with a short MD5', { type: 'file', id: 'file--5a27d487-c542-4f97-a131-a8866b477b46', name: 'a', hashes: { MD5: 'abc' } }, [problem('$.hashes.MD5', 'must be a valid MD5 value')]],
    ['a network-traffic without endpoints', { type: 'network-traffic', id: 'network-traffic--2568d22a-8998-48eb-99ec-3c8ca74f527d', protocols: ['tcp'] }, [problem('$', 'at least one of src_ref, dst_ref is required')]],
    ['a network-traffic src_ref to a file', { type: 'network-traffic', id: 'network-traffic--2568d22a-8998-48eb-99ec-3c8ca74f527d', protocols: ['tcp'], src_ref: 'file--5a27d487-c542-4f97-a131-a8866b477b46' }, [problem('$.src_ref', 'must reference ipv4-addr, ipv6-addr, mac-addr or domain-name, not file')]],
    ['an abbreviated registry hive', { type: 'windows-registry-key', id: 'windows-registry-key--2ba37ae7-2745-4082-9dfd-9486dad41016', key: 'HKLM\\Software' }, [problem('$.key', 'must use the full hive name (HKEY_LOCAL_MACHINE), not an abbreviation')]],
    ['a socket-ext with an unknown address family', { type: 'network-traffic', id: 'network-traffic--2568d22a-8998-48eb-99ec-3c8ca74f527d', protocols: ['tcp'], dst_ref: 'ipv4-addr--ff26c055-6336-4bc5-b98d-13d6226742dd', extensions: { 'socket-ext': { address_family: 'AF_MARS' } } }, [problem("$.extensions['socket-ext'].address_family", 'must be one of: AF_UNSPEC, AF_INET, AF_IPX, AF_APPLETALK, AF_NETBIOS, AF_INET6, AF_IRDA, AF_BTH')]],
  ])('%s', (_name, obj, expected) => {
    expect(validateStixObject(obj)).toEqual(expected);
  });

  describe('deterministic ids (UUIDv5, STIX 2.1 §2.9)', () => {
    it('computes the published id of domain-name example.com', () => {
      expect(scoId({ type: 'domain-name', value: 'example.com' })).toBe('domain-name--bedb4899-d24b-5401-bc86-8f6b4cc18ec7');
    });

    it('accepts a matching UUIDv5 and a UUIDv4', () => {
      expect(validateStixObject({ type: 'domain-name', id: 'domain-name--bedb4899-d24b-5401-bc86-8f6b4cc18ec7', value: 'example.com' })).toEqual([]);
      expect(validateStixObject({ type: 'domain-name', id: 'domain-name--3c10e93f-798e-4a26-a0c1-08156efab7f5', value: 'example.com' })).toEqual([]);
    });

    it('refuses a UUIDv5 that is not the hash of the id-contributing properties', () => {
      expect(validateStixObject({ type: 'domain-name', id: 'domain-name--bedb4899-d24b-5401-bc86-8f6b4cc18ec7', value: 'example.org' })).toEqual([
        problem('$.id', `UUIDv5 does not match the id-contributing properties (expected ${scoId({ type: 'domain-name', value: 'example.org' })})`),
      ]);
    });

    it('uses one hash, MD5 first, for a file', () => {
      const a = scoId({ type: 'file', hashes: { 'SHA-256': 'a'.repeat(64), MD5: 'b'.repeat(32) } });
      expect(a).toBe(scoId({ type: 'file', hashes: { MD5: 'b'.repeat(32) } }));
      expect(a).not.toBe(scoId({ type: 'file', hashes: { 'SHA-256': 'a'.repeat(64) } }));
    });
  });
});

describe('validateStixObject: the deprecated observed-data objects', () => {
  const observed = (objects: Record<string, unknown>) => ({
    type: 'observed-data', spec_version: '2.1', id: 'observed-data--b67d30ff-02ac-498a-92f9-32f845f448cf',
    created: '2016-04-06T19:58:16.000Z', modified: '2016-04-06T19:58:16.000Z', first_observed: '2015-12-21T19:00:00Z',
    last_observed: '2015-12-21T19:00:00Z', number_observed: 50, objects,
  });
  const ip = { type: 'ipv4-addr', id: 'ipv4-addr--ff26c055-6336-4bc5-b98d-13d6226742dd', value: '198.51.100.3' };

  it('lets embedded objects reference each other by key', () => {
    const nt = { type: 'network-traffic', id: 'network-traffic--2568d22a-8998-48eb-99ec-3c8ca74f527d', protocols: ['tcp'], src_ref: '0' };
    expect(validateStixObject(observed({ 0: ip, 1: nt }))).toEqual([]);
  });

  it('checks the type a key points at, and the embedded objects themselves', () => {
    const nt = { type: 'network-traffic', id: 'network-traffic--2568d22a-8998-48eb-99ec-3c8ca74f527d', protocols: ['tcp'], src_ref: '1' };
    expect(validateStixObject(observed({ 0: { ...ip, value: 'x' }, 1: nt, 2: { type: 'indicator' } }))).toEqual([
      problem("$.objects['0'].value", 'must be dotted-quad IPv4, optionally /prefix'),
      problem("$.objects['1'].src_ref", 'must reference ipv4-addr, ipv6-addr, mac-addr or domain-name, not network-traffic'),
      problem("$.objects['2'].type", 'only cyber-observable objects can be embedded'),
    ]);
  });
});
