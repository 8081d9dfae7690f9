import { validateStixObject } from '../stix';
import { advisoryObjects, isCveId, vulnerabilityId } from './advisory-stix';

describe('advisory STIX objects', () => {
  const objects = advisoryObjects({
    reportId: 'report--0f4c2a8e-6b1d-4e3f-9a7c-5d2e8b1f0a3c',
    title: 'Multiple vulnerabilities in Example Router',
    description: null,
    cves: [{ id: 'CVE-2009-1234' }, { id: 'cve-2009-56789', description: 'Buffer overflow' }],
    published: new Date('2009-03-01T00:00:00Z'),
    tlp: 'CLEAR',
    createdByRef: 'identity--f431f809-377b-45e0-aa1c-6a4751cae5ff',
  });

  it('is a valid report naming one valid vulnerability per CVE', () => {
    for (const o of objects) expect(validateStixObject(o)).toEqual([]);
    expect(objects.map((o) => o.type)).toEqual(['report', 'vulnerability', 'vulnerability']);
    expect(objects[0]!.object_refs).toEqual([objects[1]!.id, objects[2]!.id]);
    expect(objects[2]!.external_references).toEqual([{ source_name: 'cve', external_id: 'CVE-2009-56789', url: 'https://www.cve.org/CVERecord?id=CVE-2009-56789' }]);
  });

  it('gives one CVE the same vulnerability id whatever its case', () => {
    expect(vulnerabilityId('cve-2009-1234')).toBe(vulnerabilityId('CVE-2009-1234'));
    expect(vulnerabilityId('CVE-2009-1234')).not.toBe(vulnerabilityId('CVE-2009-1235'));
  });

  it('recognises CVE ids', () => {
    expect(isCveId('CVE-2021-44228')).toBe(true);
    expect(isCveId('CVE-21-44228')).toBe(false);
    expect(isCveId('CVE-2021-123')).toBe(false);
  });
});
