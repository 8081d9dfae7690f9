import { AuditService } from '../../src/audit/audit.service';
import { aPartner, tokenFor } from '../support/partners';
import { startTestApp, type TestApp } from '../support/test-app';
import { bundle, indicator, submitOk } from './stix-fixtures';

describe('submitBundle in the audit trail', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('names every stored object, a bundle per event of at most 1,000 objects', async () => {
    const alice = await aPartner(t.app, { trust: 'TRUSTED' });
    const token = await tokenFor(t.baseUrl, alice);
    const objects = Array.from({ length: 1200 }, (_, i) => indicator({}, `192.0.2.${(i % 250) + 1}`));
    expect(await submitOk(t.baseUrl, token, { bundle: bundle(...objects) })).toMatchObject({ created: 1200 });
    const audit = t.app.get(AuditService);
    const last = await audit.search({ action: 'stix.submit', target: objects[1100]!.id as string });
    expect(last.edges).toHaveLength(1);
    expect(last.edges[0]!.node).toMatchObject({ actorClientId: alice.clientId, outcome: 'ok', details: { created: 200, newVersions: 0, types: { indicator: 200 } } });
    expect(last.edges[0]!.node.targetIds).toHaveLength(200);
    const first = await audit.search({ action: 'stix.submit', target: objects[0]!.id as string });
    expect(first.edges[0]!.node.targetIds).toHaveLength(1000);
    expect(new Set([...first.edges[0]!.node.targetIds, ...last.edges[0]!.node.targetIds])).toEqual(new Set(objects.map((o) => o.id)));
  });
});
