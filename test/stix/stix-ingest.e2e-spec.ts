import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { scoId, TLP_MARKING_IDS } from '../../src/stix';
import { AuditService } from '../../src/audit/audit.service';
import { gql } from '../support/graphql-client';
import { aPartner, tokenFor, type TestClient } from '../support/partners';
import { startTestApp, type TestApp } from '../support/test-app';
import { bundle, indicator, marked, stixObject, submit, submitOk } from './stix-fixtures';

describe('submitBundle', () => {
  let t: TestApp;
  let alice: TestClient;
  let aliceToken: string;
  let bob: TestClient;
  let bobToken: string;
  let readerToken: string;

  async function count(where: string, params: unknown[] = [], from = 'stix_objects'): Promise<number> {
    const owner = new Client({ connectionString: t.db.url });
    await owner.connect();
    try {
      const { rows } = await owner.query(`SELECT count(*)::int AS n FROM ${from} WHERE ${where}`, params);
      return rows[0].n;
    } finally {
      await owner.end();
    }
  }

  beforeAll(async () => {
    t = await startTestApp({ STIX_MAX_BUNDLE_OBJECTS: '20', STIX_MAX_BUNDLE_BYTES: '20000', STIX_MAX_EXPORT_OBJECTS: '3' });
    alice = await aPartner(t.app, { trust: 'TRUSTED', roles: ['ANALYST'] });
    bob = await aPartner(t.app, { trust: 'TRUSTED', roles: ['ANALYST'] });
    aliceToken = await tokenFor(t.baseUrl, alice);
    bobToken = await tokenFor(t.baseUrl, bob);
    readerToken = await tokenFor(t.baseUrl, await aPartner(t.app, { trust: 'CLOSE', roles: ['READER'] }));
  });
  afterAll(() => t.close());

  it('stores a valid bundle, gives unsigned objects the submitter identity, and audits each object in the same transaction', async () => {
    const a = indicator();
    const b = marked('GREEN', indicator({ created_by_ref: alice.identityRef, x_vendor_score: 7 }));
    const result = await submitOk(t.baseUrl, aliceToken, { bundle: bundle(a, b) });
    expect(result).toEqual({ created: 2, newVersions: 0, duplicates: 0, rejected: 0, rejections: [] });
    const stored = await stixObject(t.baseUrl, aliceToken, a.id as string);
    expect(stored.data?.stixObject).toMatchObject({ id: a.id, createdByRef: alice.identityRef, tlp: 'AMBER', revoked: false });
    const custom = await stixObject(t.baseUrl, aliceToken, b.id as string);
    expect(custom.data?.stixObject).toMatchObject({ tlp: 'GREEN', object: { x_vendor_score: 7 } });
    const events = await t.app.get(AuditService).search({ action: 'stix.submit', actorClientId: alice.clientId });
    expect(events.edges.map((e) => e.node.targetIds).flat().sort()).toEqual([a.id, b.id].sort());
  });

  it('normalises TLP 1.0 markings, applies defaultMarking to unmarked objects only, and accepts SYNC clients', async () => {
    const tlp1Red: Record<string, unknown> = { ...indicator(), object_marking_refs: ['marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed'] };
    const unmarked = indicator();
    const sync = await tokenFor(t.baseUrl, await aPartner(t.app, { trust: 'TRUSTED', roles: ['SYNC'] }));
    expect(await submitOk(t.baseUrl, sync, { bundle: bundle(tlp1Red, unmarked), defaultMarking: 'AMBER_STRICT' })).toMatchObject({ created: 2 });
    const home = await tokenFor(t.baseUrl, await aPartner(t.app, { kind: 'HOME', roles: ['READER'] }));
    const red = await stixObject(t.baseUrl, home, tlp1Red.id as string);
    expect(red.data?.stixObject).toMatchObject({ tlp: 'RED', object: { object_marking_refs: [TLP_MARKING_IDS.RED] } });
    const strict = await stixObject(t.baseUrl, home, unmarked.id as string);
    expect(strict.data?.stixObject).toMatchObject({ tlp: 'AMBER_STRICT', object: { object_marking_refs: [TLP_MARKING_IDS['AMBER+STRICT']] } });
  });

  it('refuses an audience naming an unknown partner, before writing anything', async () => {
    const obj = indicator();
    const r = await submit(t.baseUrl, aliceToken, { bundle: bundle(obj), audience: { partners: ['NO-SUCH-PARTNER'] } });
    expect(r.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', problems: [{ path: 'audience.partners', message: 'unknown partner NO-SUCH-PARTNER' }] } });
    expect(await count('id = $1', [obj.id])).toBe(0);
  });

  it('refuses an export larger than STIX_MAX_EXPORT_OBJECTS and asks to narrow the filter, and exports up to it', async () => {
    const label = `export-${randomUUID()}`;
    await submitOk(t.baseUrl, aliceToken, { bundle: bundle(...Array.from({ length: 4 }, () => indicator({ labels: [label] }))) });
    const r = await gql(t.baseUrl, `{ exportBundle(filter: {labels: ["${label}"]}) }`, undefined, aliceToken);
    expect(r.errors?.[0]).toMatchObject({ message: 'more than 3 objects match: narrow the filter (STIX_MAX_EXPORT_OBJECTS)', extensions: { code: 'BAD_USER_INPUT' } });
    const small = `export-${randomUUID()}`;
    await submitOk(t.baseUrl, aliceToken, { bundle: bundle(...Array.from({ length: 3 }, () => marked('GREEN', indicator({ labels: [small] })))) });
    const ok = await gql<{ exportBundle: { type: string; objects: { type: string; id: string }[] } }>(t.baseUrl, `{ exportBundle(filter: {labels: ["${small}"]}) }`, undefined, aliceToken);
    expect(ok.data?.exportBundle.objects.map((o) => o.type)).toEqual(['marking-definition', 'indicator', 'indicator', 'indicator']);
    expect(ok.data?.exportBundle.objects[0]?.id).toBe(TLP_MARKING_IDS.GREEN);
  });

  it('refuses a READER with FORBIDDEN', async () => {
    const r = await submit(t.baseUrl, readerToken, { bundle: bundle(indicator()) });
    expect(r.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('rejects a bundle with any invalid object as a whole, naming index, id, path and message, and writes nothing', async () => {
    const good = indicator();
    const badPattern = indicator({ pattern: "[ipv4-addr:value = '1.2.3.4'" });
    const wrongType = { ...indicator(), type: 'no such thing!' };
    const r = await submit(t.baseUrl, aliceToken, { bundle: bundle(good, badPattern, wrongType) });
    expect(r.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(r.errors?.[0]?.message).toMatch(/^bundle rejected, nothing stored: /);
    const problems = r.errors?.[0]?.extensions?.problems as { index: number; id: string; path: string; message: string }[];
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ index: 1, id: badPattern.id, path: '$.objects[1].pattern', message: expect.stringMatching(/invalid STIX pattern: .* at \d+/) }),
        expect.objectContaining({ index: 2, path: expect.stringMatching(/^\$\.objects\[2\]/) }),
      ]),
    );
    expect(problems.some((p) => p.index === 0)).toBe(false);
    expect(await count('id = $1', [good.id])).toBe(0);
  });

  it.each([
    ['not an object', 'just text', '$'],
    ['not a bundle', { type: 'indicator', id: 'bundle--2b2e4a4e-1d3c-4a8f-8c39-1e7b2a0a9f10', objects: [] }, '$.type'],
    ['objects not a list', { type: 'bundle', id: 'bundle--2b2e4a4e-1d3c-4a8f-8c39-1e7b2a0a9f10', objects: {} }, '$.objects'],
  ])('rejects a malformed bundle (%s) with its path', async (_what, body, path) => {
    const r = await submit(t.baseUrl, aliceToken, { bundle: body, partial: true });
    expect(r.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(r.errors?.[0]?.extensions?.problems).toEqual(expect.arrayContaining([expect.objectContaining({ path })]));
  });

  it('refuses an oversized bundle and one with too many objects, naming the limit', async () => {
    const big = await submit(t.baseUrl, aliceToken, { bundle: bundle(indicator({ description: 'x'.repeat(25000) })) });
    expect(big.errors?.[0]).toMatchObject({ extensions: { code: 'PAYLOAD_TOO_LARGE' }, message: expect.stringContaining('the limit is 20000 (STIX_MAX_BUNDLE_BYTES)') });
    const many = await submit(t.baseUrl, aliceToken, { bundle: bundle(...Array.from({ length: 21 }, () => indicator())) });
    expect(many.errors?.[0]).toMatchObject({ extensions: { code: 'PAYLOAD_TOO_LARGE' }, message: expect.stringContaining('holds 21 objects; the limit is 20') });
  });

  it('rejects an object signed with another partner’s identity (foreign created_by_ref), and writes nothing', async () => {
    const forged = indicator({ created_by_ref: bob.identityRef });
    const innocent = indicator();
    const r = await submit(t.baseUrl, aliceToken, { bundle: bundle(innocent, forged) });
    expect(r.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(r.errors?.[0]?.extensions?.problems).toEqual([
      { index: 1, id: forged.id, path: '$.objects[1].created_by_ref', message: `${bob.identityRef} is another partner's identity: submit objects as yourself`, code: 'FORBIDDEN' },
    ]);
    expect(await count('id = ANY($1)', [[innocent.id, forged.id]])).toBe(0);
  });

  it('in partial mode stores the valid objects and reports the others', async () => {
    const good = indicator();
    const bad = indicator({ valid_from: 'yesterday' });
    const result = await submitOk(t.baseUrl, aliceToken, { bundle: bundle(good, bad), partial: true });
    expect(result).toMatchObject({ created: 1, rejected: 1, rejections: [expect.objectContaining({ index: 1, id: bad.id, path: '$.objects[1].valid_from', code: 'INVALID' })] });
    expect(await count('id = $1', [good.id])).toBe(1);
    expect(await count('id = $1', [bad.id])).toBe(0);
  });

  it('keeps every version: duplicates are idempotent, older versions become history, the newest stays latest', async () => {
    const v1 = indicator({ modified: '2026-11-02T00:00:00.000Z' });
    const v2 = { ...v1, modified: '2026-11-03T00:00:00.123456Z', name: 'second' };
    const v0 = { ...v1, modified: '2026-11-01T12:00:00.000Z', name: 'older' };
    expect(await submitOk(t.baseUrl, aliceToken, { bundle: bundle(v1) })).toMatchObject({ created: 1 });
    expect(await submitOk(t.baseUrl, aliceToken, { bundle: bundle(v1, v2) })).toMatchObject({ created: 0, newVersions: 1, duplicates: 1 });
    expect(await submitOk(t.baseUrl, aliceToken, { bundle: bundle(v0) })).toMatchObject({ newVersions: 1, duplicates: 0 });
    const latest = await stixObject(t.baseUrl, aliceToken, v1.id as string);
    expect(latest.data?.stixObject).toMatchObject({ modified: '2026-11-03T00:00:00.123456Z', object: { name: 'second' } });
    const versions = await gql<{ stixObjectVersions: { modified: string }[] }>(t.baseUrl, `{ stixObjectVersions(id: "${v1.id}") { modified } }`, undefined, aliceToken);
    expect(versions.data?.stixObjectVersions.map((v) => v.modified)).toEqual(['2026-11-03T00:00:00.123456Z', '2026-11-02T00:00:00.000Z', '2026-11-01T12:00:00.000Z']);
    expect(await count('id = $1 AND is_latest', [v1.id])).toBe(1);
  });

  it('ends an object with revoked: true and refuses newer versions after it', async () => {
    const v1 = indicator();
    await submitOk(t.baseUrl, aliceToken, { bundle: bundle(v1) });
    await submitOk(t.baseUrl, aliceToken, { bundle: bundle({ ...v1, modified: '2026-11-05T00:00:00.000Z', revoked: true }) });
    const after = await submit(t.baseUrl, aliceToken, { bundle: bundle({ ...v1, modified: '2026-11-06T00:00:00.000Z' }) });
    expect(after.errors?.[0]?.extensions?.problems).toEqual([expect.objectContaining({ index: 0, code: 'REVOKED', message: 'the object is revoked: it takes no newer versions' })]);
    const listed = await gql<{ stixObjects: { edges: { node: { id: string } }[] } }>(t.baseUrl, `{ stixObjects(first: 500) { edges { node { id } } } }`, undefined, aliceToken);
    expect(listed.data?.stixObjects.edges.map((e) => e.node.id)).not.toContain(v1.id);
  });

  it('refuses a version of another producer’s object with the same answer whether or not it is visible', async () => {
    const visible = marked('GREEN', indicator());
    const hidden = marked('RED', indicator());
    await submitOk(t.baseUrl, bobToken, { bundle: bundle(visible, hidden) });
    expect((await stixObject(t.baseUrl, aliceToken, hidden.id as string)).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const r = await submit(t.baseUrl, aliceToken, {
      bundle: bundle({ ...visible, modified: '2026-11-09T00:00:00.000Z', created_by_ref: alice.identityRef }, { ...hidden, modified: '2026-11-09T00:00:00.000Z', created_by_ref: alice.identityRef }),
      partial: true,
    });
    const [first, second] = r.data!.submitBundle.rejections;
    expect(first).toMatchObject({ index: 0, code: 'FORBIDDEN' });
    expect({ ...second, index: 0, id: first!.id, path: first!.path }).toEqual(first);
    expect(await count('id = ANY($1) AND owner_partner_id = $2', [[visible.id, hidden.id], alice.partnerId])).toBe(0);
  });

  it('gives each partner its own copy of a deterministic SCO, so a hidden copy is never revealed as a duplicate', async () => {
    const domain = { type: 'domain-name', spec_version: '2.1', value: `c2-${randomUUID().slice(0, 8)}.example.net` };
    const object = { ...domain, id: scoId(domain) };
    expect(await submitOk(t.baseUrl, bobToken, { bundle: bundle(marked('RED', object)) })).toMatchObject({ created: 1 });
    expect(await submitOk(t.baseUrl, aliceToken, { bundle: bundle(marked('GREEN', object)) })).toMatchObject({ created: 1, duplicates: 0 });
    expect(await submitOk(t.baseUrl, aliceToken, { bundle: bundle(marked('GREEN', object)) })).toMatchObject({ created: 0, duplicates: 1 });
    const seen = await stixObject(t.baseUrl, aliceToken, object.id as string);
    expect(seen.data?.stixObject).toMatchObject({ tlp: 'GREEN' });
    expect(await count('id = $1', [object.id])).toBe(2);
  });

  it('treats the same version submitted twice at once as one object and one duplicate', async () => {
    const objects = Array.from({ length: 10 }, () => indicator());
    const results = await Promise.all([1, 2, 3].map(() => submitOk(t.baseUrl, aliceToken, { bundle: bundle(...objects) })));
    expect(results.reduce((n, r) => n + r.created, 0)).toBe(10);
    expect(results.reduce((n, r) => n + r.duplicates, 0)).toBe(20);
    expect(await count('id = ANY($1)', [objects.map((o) => o.id)])).toBe(10);
    // Each stored version indexed once, by whichever submission wrote it.
    expect(await count('o.id = ANY($1)', [objects.map((o) => o.id)], 'stix_objects o JOIN stix_observables ob ON ob.object_seq = o.seq')).toBe(10);
    const events = await t.app.get(AuditService).search({ action: 'stix.submit', target: objects[0]!.id as string });
    expect(events.edges).toHaveLength(1);
  });

  /**
   * Holds `obj`, owned by `ownerPartnerId`, in an uncommitted transaction while `submission` starts; commits
   * once the submission waits on it (its INSERT blocked on a unique index), so its plan never saw the row.
   */
  async function commitWhileWaiting<T>(obj: Record<string, unknown>, ownerPartnerId: string, submission: () => Promise<T>): Promise<T> {
    const owner = new Client({ connectionString: t.db.url });
    await owner.connect();
    try {
      await owner.query('BEGIN');
      await owner.query(
        `INSERT INTO stix_objects (id, type, spec_version, created, modified, object, owner_partner_id, submitted_by_partner_id, submitted_by_client_id, channel, is_latest)
         VALUES ($1, 'indicator', '2.1', $2, $2, $3, $4, $4, 'x', 'graphql', true)`,
        [obj.id, obj.modified, JSON.stringify(obj), ownerPartnerId],
      );
      const pending = submission();
      for (let i = 0; ; i++) {
        const { rows } = await owner.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event = 'transactionid' AND datname = current_database()`);
        if (rows[0].n > 0) break;
        if (i > 400) throw new Error('the submission never waited on the held row');
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      await owner.query('COMMIT');
      return await pending;
    } finally {
      await owner.end();
    }
  }

  it('plans a bundle again when a concurrent submission of the same owner commits its objects first (a duplicate, not an error)', async () => {
    const [raced, other] = [indicator(), indicator()];
    const result = await commitWhileWaiting(raced, alice.partnerId, () => submitOk(t.baseUrl, aliceToken, { bundle: bundle(raced, other) }));
    expect(result).toMatchObject({ created: 1, duplicates: 1, rejected: 0 });
    expect(await count('id = ANY($1)', [[raced.id, other.id]])).toBe(2);
    // The second attempt (ON CONFLICT) indexed what it wrote.
    expect(await count('o.id = $1', [other.id], 'stix_objects o JOIN stix_observables ob ON ob.object_seq = o.seq')).toBe(1);
    const events = await t.app.get(AuditService).search({ action: 'stix.submit', target: other.id as string });
    expect(events.edges.map((e) => e.node.targetIds)).toEqual([[other.id]]);
  });

  it('refuses, once planned again, an id another producer committed while the bundle was being written', async () => {
    const [raced, other] = [indicator(), indicator()];
    const r = await commitWhileWaiting(raced, bob.partnerId, () => submit(t.baseUrl, aliceToken, { bundle: bundle(raced, other) }));
    expect(r.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await count('id = $1', [other.id])).toBe(0);
    const partial = await submitOk(t.baseUrl, aliceToken, { bundle: bundle(raced, other), partial: true });
    expect(partial).toMatchObject({ created: 1, rejected: 1, rejections: [{ index: 0, code: 'FORBIDDEN' }] });
  });

  it('holds one producer per SDO id in the database too, whatever the service checks', async () => {
    const obj = indicator();
    await submitOk(t.baseUrl, aliceToken, { bundle: bundle(obj) });
    const owner = new Client({ connectionString: t.db.url });
    await owner.connect();
    try {
      const copy = owner.query(
        `INSERT INTO stix_objects (id, type, spec_version, created, modified, object, owner_partner_id, submitted_by_partner_id, submitted_by_client_id, channel, is_latest)
         SELECT id, type, spec_version, created, modified + interval '1 second', object, $2, $2, 'x', 'graphql', true FROM stix_objects WHERE id = $1`,
        [obj.id, bob.partnerId],
      );
      await expect(copy).rejects.toMatchObject({ code: '23505', constraint: 'stix_objects_one_latest' });
    } finally {
      await owner.end();
    }
  });

  it('holds one latest copy of an SCO per owner in the database, while each owner may hold its own', async () => {
    const domain = { type: 'domain-name', spec_version: '2.1', value: `guard-${randomUUID().slice(0, 8)}.example.net` };
    const object = { ...domain, id: scoId(domain) };
    await submitOk(t.baseUrl, aliceToken, { bundle: bundle(object) });
    const owner = new Client({ connectionString: t.db.url });
    await owner.connect();
    try {
      const copyFor = (partnerId: string) =>
        owner.query(
          `INSERT INTO stix_objects (id, type, spec_version, created, modified, object, owner_partner_id, submitted_by_partner_id, submitted_by_client_id, channel, is_latest)
           SELECT id, type, spec_version, created, modified + interval '1 second', object, $2, $2, 'x', 'graphql', true FROM stix_objects WHERE id = $1 AND owner_partner_id = $3`,
          [object.id, partnerId, alice.partnerId],
        );
      await expect(copyFor(alice.partnerId)).rejects.toMatchObject({ code: '23505', constraint: 'stix_objects_one_latest' });
      await expect(copyFor(bob.partnerId)).resolves.toMatchObject({ rowCount: 1 });
      expect(await count('id = $1 AND is_latest', [object.id])).toBe(2);
    } finally {
      await owner.end();
    }
  });

  it('tells a submitter who holds its ids, and its own history only: never another producer\'s versions', async () => {
    const [bobs, alices] = [indicator(), indicator()];
    await submitOk(t.baseUrl, bobToken, { bundle: bundle(bobs) });
    await submitOk(t.baseUrl, bobToken, { bundle: bundle({ ...bobs, modified: '2026-11-02T00:00:00.000Z' }) });
    await submitOk(t.baseUrl, aliceToken, { bundle: bundle(alices) });
    await submitOk(t.baseUrl, aliceToken, { bundle: bundle({ ...alices, modified: '2026-11-02T00:00:00.000Z' }) });
    const owner = new Client({ connectionString: t.db.url });
    await owner.connect();
    const asAlice = async (active: boolean) => {
      await owner.query('BEGIN');
      try {
        await owner.query(`SELECT set_config('cx.partner_id', $1, true), set_config('cx.active', $2, true)`, [alice.partnerId, String(active)]);
        await owner.query('SET LOCAL ROLE cx_app');
        const { rows } = await owner.query(`SELECT * FROM stix_known_state($1::text[]) ORDER BY id, key NULLS FIRST`, [[bobs.id, alices.id]]);
        return rows;
      } finally {
        await owner.query('ROLLBACK');
      }
    };
    try {
      const latest = { is_latest: true, revoked: false, own: true, owner_partner_id: alice.partnerId };
      expect(sortById(await asAlice(true))).toEqual(sortById([
        { id: bobs.id, owner_partner_id: bob.partnerId, created_by_ref: bob.identityRef, own: false, key: null, is_latest: null, revoked: null },
        { id: alices.id, owner_partner_id: alice.partnerId, created_by_ref: null, own: true, key: '2026-11-01T00:00:00.000000Z', is_latest: false, revoked: false },
        { id: alices.id, created_by_ref: alice.identityRef, key: '2026-11-02T00:00:00.000000Z', ...latest },
      ]));
      // As under RLS, a suspended actor has no history: only the claims remain.
      expect((await asAlice(false)).map((r) => [r.id, r.own, r.key])).toEqual(expect.arrayContaining([[bobs.id, false, null], [alices.id, false, null]]));
      expect(await asAlice(false)).toHaveLength(2);
    } finally {
      await owner.end();
    }
  });

  it('lets the creator revoke through revokeObject, and nobody else', async () => {
    const obj = marked('GREEN', indicator());
    await submitOk(t.baseUrl, aliceToken, { bundle: bundle(obj) });
    const byBob = await gql(t.baseUrl, `mutation { revokeObject(id: "${obj.id}") { id } }`, undefined, bobToken);
    expect(byBob.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const r = await gql<{ revokeObject: { revoked: boolean; modified: string } }>(t.baseUrl, `mutation { revokeObject(id: "${obj.id}") { revoked modified } }`, undefined, aliceToken);
    expect(r.data?.revokeObject.revoked).toBe(true);
    expect(r.data!.revokeObject.modified > (obj.modified as string)).toBe(true);
    expect(await count('id = $1', [obj.id])).toBe(2);
    const events = await t.app.get(AuditService).search({ action: 'stix.revoke', target: obj.id as string });
    expect(events.edges).toHaveLength(1);
  });
});

function sortById(rows: Record<string, unknown>[]): Record<string, unknown>[] {
  return [...rows].sort((a, b) => `${a.id} ${a.key}`.localeCompare(`${b.id} ${b.key}`));
}
