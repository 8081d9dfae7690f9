/** Test factories: small valid objects to vary one property at a time. */
export function anIndicator(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: 'indicator',
    spec_version: '2.1',
    id: 'indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f',
    created_by_ref: 'identity--f431f809-377b-45e0-aa1c-6a4751cae5ff',
    created: '2016-04-06T20:03:48.000Z',
    modified: '2016-04-06T20:03:48.000Z',
    indicator_types: ['malicious-activity'],
    name: 'Poison Ivy Malware',
    pattern: "[file:hashes.'SHA-256' = '4bac27393bdd9777ce02453256c5577cd02275510b2227f473d03f533924f877']",
    pattern_type: 'stix',
    valid_from: '2016-01-01T00:00:00Z',
    ...overrides,
  };
}

export function aFile(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { type: 'file', spec_version: '2.1', id: 'file--5a27d487-c542-4f97-a131-a8866b477b46', name: 'foo.exe', ...overrides };
}

/** Removes a property from a copy. */
export function without(obj: Record<string, unknown>, key: string): Record<string, unknown> {
  const copy = { ...obj };
  delete copy[key];
  return copy;
}
