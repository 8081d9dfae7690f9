import { createHash } from 'node:crypto';
import { canonicalJson, TLP_MARKING_IDS } from '../stix';
import { caseBundle } from './case-bundle';

describe('caseBundle', () => {
  const caseId = '3f1c2b9e-5d6a-4c7b-8e9f-0a1b2c3d4e5f';
  const incident = { type: 'incident', spec_version: '2.1', id: 'incident--7d2c1b0a-9e8f-4a6b-8c5d-4e3f2a1b0c9d', name: 'x', object_marking_refs: [TLP_MARKING_IDS.RED] };
  const note = { type: 'note', spec_version: '2.1', id: 'note--1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d', content: 'y', object_refs: [incident.id] };

  it('is the same bytes and hash for the same case and revision, whatever order the rows came in', () => {
    const a = caseBundle(caseId, 1, [{ position: 0, object: incident }, { position: 1, object: note }]);
    const b = caseBundle(caseId, 1, [{ position: 1, object: note }, { position: 0, object: incident }]);
    expect(b.canonical).toBe(a.canonical);
    expect(b.sha256).toBe(a.sha256);
    expect(a.sha256).toBe(createHash('sha256').update(canonicalJson(a.bundle)).digest('hex'));
  });

  it('changes id and hash with the revision', () => {
    const a = caseBundle(caseId, 1, [{ position: 0, object: incident }]);
    const b = caseBundle(caseId, 2, [{ position: 0, object: incident }]);
    expect(b.bundle.id).not.toBe(a.bundle.id);
    expect(b.sha256).not.toBe(a.sha256);
  });

  it('carries the TLP marking definitions the evidence uses, and only those', () => {
    const { bundle } = caseBundle(caseId, 1, [{ position: 0, object: incident }, { position: 1, object: note }]);
    const objects = bundle.objects as { id: string; type: string }[];
    expect(objects.map((o) => o.type)).toEqual(['incident', 'note', 'marking-definition']);
    expect(objects[2]!.id).toBe(TLP_MARKING_IDS.RED);
  });
});
