import { gql } from '../support/graphql-client';
import { aPartner, tokenFor, type TestClient } from '../support/partners';
import { startTestApp, type TestApp } from '../support/test-app';
import { bundle, indicator, marked, stixObject, submitOk } from '../stix/stix-fixtures';

const ACCESS_LOG = `query($id: String!) { accessLog(objectId: $id) { action channel outcome partnerShortName time } }`;

describe('accessLog: a contributor sees who accessed what it created', () => {
  let t: TestApp;
  let producer: TestClient;
  let reader: TestClient;
  let tokens: { producer: string; reader: string; bystander: string; home: string };
  const red = marked('RED', indicator({}, '203.0.113.77'));
  const clear = marked('CLEAR', indicator({}, '203.0.113.78'));

  beforeAll(async () => {
    t = await startTestApp();
    producer = await aPartner(t.app, { trust: 'TRUSTED', shortName: 'JPCERT/CC' });
    reader = await aPartner(t.app, { trust: 'TRUSTED', shortName: 'HKPF-CSTCB', roles: ['READER'] });
    tokens = {
      producer: await tokenFor(t.baseUrl, producer),
      reader: await tokenFor(t.baseUrl, reader),
      bystander: await tokenFor(t.baseUrl, await aPartner(t.app, { trust: 'CLOSE' })),
      home: await tokenFor(t.baseUrl, await aPartner(t.app, { kind: 'HOME', roles: ['ADMIN'] })),
    };
    await submitOk(t.baseUrl, tokens.producer, { bundle: bundle(red), audience: { partners: ['HKPF-CSTCB'], groups: [] } });
    await submitOk(t.baseUrl, tokens.producer, { bundle: bundle(clear) });
    expect((await stixObject(t.baseUrl, tokens.reader, red.id as string)).data).toBeTruthy();
  });
  afterAll(() => t.close());

  it('shows the creator who read its TLP:RED object, and when, and nothing more', async () => {
    const r = await gql<{ accessLog: Record<string, unknown>[] }>(t.baseUrl, ACCESS_LOG, { id: red.id }, tokens.producer);
    expect(r.errors).toBeUndefined();
    expect(r.data!.accessLog).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ action: 'stix.read', channel: 'graphql', outcome: 'ok', partnerShortName: 'HKPF-CSTCB' }),
        expect.objectContaining({ action: 'stix.submit', partnerShortName: 'JPCERT/CC' }),
      ]),
    );
    expect(Object.keys(r.data!.accessLog[0]!).sort()).toEqual(['action', 'channel', 'outcome', 'partnerShortName', 'time']);
  });

  it('lets HOME read any access log', async () => {
    const r = await gql<{ accessLog: unknown[] }>(t.baseUrl, ACCESS_LOG, { id: red.id }, tokens.home);
    expect(r.data!.accessLog.length).toBeGreaterThan(0);
  });

  it.each([
    ['a reader of the object', 'reader', () => red.id],
    ['a partner who can see the object but did not create it', 'bystander', () => clear.id],
    ['a partner who cannot see the object at all', 'bystander', () => red.id],
  ] as const)('answers NOT_FOUND to %s', async (_what, who, id) => {
    const r = await gql(t.baseUrl, ACCESS_LOG, { id: id() }, tokens[who]);
    expect(r.data ?? null).toBeNull();
    expect(r.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});
