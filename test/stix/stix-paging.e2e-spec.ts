import { randomUUID } from 'node:crypto';
import { gql } from '../support/graphql-client';
import { aPartner, tokenFor } from '../support/partners';
import { startTestApp, type TestApp } from '../support/test-app';
import { bundle, indicator, marked, submitOk } from './stix-fixtures';

type Page = { stixObjects: { edges: { node: { id: string; modified: string; labels: string[] } }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } };
const PAGE = `query($l: [String!], $a: String) { stixObjects(filter: {labels: $l}, first: 2, after: $a) { edges { node { id modified labels } } pageInfo { hasNextPage endCursor } } }`;

describe('stixObjects paging while objects change', () => {
  let t: TestApp;
  let token: string;

  beforeAll(async () => {
    t = await startTestApp();
    token = await tokenFor(t.baseUrl, await aPartner(t.app, { trust: 'TRUSTED' }));
  });
  afterAll(() => t.close());

  async function page(label: string, after: string | null): Promise<Page['stixObjects']> {
    const r = await gql<Page>(t.baseUrl, PAGE, { l: [label], a: after }, token);
    if (!r.data) throw new Error(JSON.stringify(r.errors));
    return r.data.stixObjects;
  }

  /** Five objects A..E, stored oldest first (so they page E, D, C, B, A). */
  async function five(label: string): Promise<Record<string, unknown>[]> {
    const objects = ['A', 'B', 'C', 'D', 'E'].map((n) => marked('GREEN', indicator({ labels: [label], name: `object ${n}` })));
    for (const o of objects) await submitOk(t.baseUrl, token, { bundle: bundle(o) });
    return objects;
  }

  const newVersion = (o: Record<string, unknown>, modified: string) => submitOk(t.baseUrl, token, { bundle: bundle({ ...o, modified }) });

  it('neither skips nor repeats an object updated (or revoked) while a client pages', async () => {
    const label = `paging-${randomUUID()}`;
    const [a, b, c, d, e] = await five(label);
    const first = await page(label, null);
    expect(first.edges.map((x) => x.node.id)).toEqual([e!.id, d!.id]);

    // B (not reached yet) gets a new version, D (already seen) too, and C is revoked.
    await newVersion(b!, '2026-11-20T00:00:00.000Z');
    await newVersion(d!, '2026-11-20T00:00:00.000Z');
    await newVersion(c!, '2026-11-21T00:00:00.000Z');
    await submitOk(t.baseUrl, token, { bundle: bundle({ ...c, modified: '2026-11-22T00:00:00.000Z', revoked: true }) });

    const seen = first.edges.map((x) => x.node);
    let after = first.pageInfo.endCursor;
    while (after) {
      const next = await page(label, after);
      seen.push(...next.edges.map((x) => x.node));
      after = next.pageInfo.hasNextPage ? next.pageInfo.endCursor : null;
    }
    // Each object exactly once, as it was when the first page was read.
    expect(seen.map((n) => n.id)).toEqual([e!.id, d!.id, c!.id, b!.id, a!.id]);
    expect(seen.every((n) => n.modified === '2026-11-01T00:00:00.000Z')).toBe(true);

    // A new pass sees the changes: B and D in their new versions (newest first), C gone (revoked).
    const fresh = await page(label, null);
    expect(fresh.edges.map((x) => [x.node.id, x.node.modified])).toEqual([
      [d!.id, '2026-11-20T00:00:00.000Z'],
      [b!.id, '2026-11-20T00:00:00.000Z'],
    ]);
  });

  it('does not bring objects stored after the first page into that pass', async () => {
    const label = `paging-new-${randomUUID()}`;
    const objects = await five(label);
    const first = await page(label, null);
    const late = marked('GREEN', indicator({ labels: [label] }));
    await submitOk(t.baseUrl, token, { bundle: bundle(late) });
    const rest = [];
    let after = first.pageInfo.endCursor;
    while (after) {
      const next = await page(label, after);
      rest.push(...next.edges.map((x) => x.node.id));
      after = next.pageInfo.hasNextPage ? next.pageInfo.endCursor : null;
    }
    expect([...first.edges.map((x) => x.node.id), ...rest]).toEqual(objects.map((o) => o.id).reverse());
  });

  it('keeps labels exactly, quotes, backslashes and braces included', async () => {
    const label = `odd "quoted" \\ {label}, ${randomUUID()}`;
    const obj = marked('GREEN', indicator({ labels: [label, ''] }));
    await submitOk(t.baseUrl, token, { bundle: bundle(obj) });
    expect((await page(label, null)).edges.map((x) => x.node.labels)).toEqual([[label, '']]);
  });

  it('refuses a cursor it did not issue', async () => {
    const forged = Buffer.from(JSON.stringify(['12'])).toString('base64url');
    const r = await gql(t.baseUrl, PAGE, { l: ['x'], a: forged }, token);
    expect(r.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
