import { bundle, indicator, marked, submitOk } from '../stix/stix-fixtures';
import { clientOf, everything, link, runSync, startExchange, storedRows, type Exchange } from './sync-harness';

/**
 * Three exchanges in a ring. An object travels A → B → C and must not come back to A, by pull (A learns
 * its own object is an echo from the origin C's server names) or by push (C knows the object started at A).
 */
describe('peer sync in a ring of three exchanges', () => {
  let a: Exchange;
  let b: Exchange;
  let c: Exchange;

  beforeAll(async () => {
    [a, b, c] = await Promise.all([startExchange('ACERT'), startExchange('BCERT'), startExchange('CCERT')]);
  });
  afterAll(async () => {
    await Promise.all([a?.t.close(), b?.t.close(), c?.t.close()]);
  });

  it('pulling round the ring: A gets nothing back, and B and C hold the object once, marked as from A', async () => {
    // B pulls from A, C pulls from B, A pulls from C.
    const bFromA = await link(b, a, { direction: 'PULL' });
    const cFromB = await link(c, b, { direction: 'PULL' });
    const aFromC = await link(a, c, { direction: 'PULL' });
    const o = marked('GREEN', indicator({ name: 'from A, pulled' }));
    await submitOk(a.t.baseUrl, a.homeToken, { bundle: bundle(o) });

    expect(await runSync(b, bFromA.peerId)).toMatchObject({ status: 'OK', pulled: 1 });
    expect(await runSync(c, cFromB.peerId)).toMatchObject({ status: 'OK', pulled: 1 });
    expect(await runSync(a, aFromC.peerId)).toMatchObject({ status: 'OK', pulled: 0, echoes: 1, quarantined: 0 });

    expect(await storedRows(a, String(o.id))).toEqual([{ owner: 'ACERT', channel: 'graphql', peer: null }]);
    expect(await storedRows(b, String(o.id))).toEqual([{ owner: 'ACERT', channel: 'sync', peer: bFromA.peerId }]);
    expect(await storedRows(c, String(o.id))).toEqual([{ owner: 'BCERT', channel: 'sync', peer: cFromB.peerId }]);
  });

  it('pushing round the ring: C never sends A what started at A', async () => {
    // A pushes to B, B to C, C to A; each knows the next one's home identity.
    const aToB = await link(a, b, { direction: 'PUSH', extra: { remoteIdentity: b.identity } });
    const bToC = await link(b, c, { direction: 'PUSH', extra: { remoteIdentity: c.identity } });
    const cToA = await link(c, a, { direction: 'PUSH', extra: { remoteIdentity: a.identity } });
    const o = marked('GREEN', indicator({ name: 'from A, pushed' }));
    await submitOk(a.t.baseUrl, a.homeToken, { bundle: bundle(o) });

    expect((await runSync(a, aToB.peerId)).pushed).toBeGreaterThanOrEqual(1);
    expect((await runSync(b, bToC.peerId)).pushed).toBeGreaterThanOrEqual(1);
    // Everything C holds started at A: C pushes nothing, though A's partner at C may see all of it.
    const back = await runSync(c, cToA.peerId);
    expect(back).toMatchObject({ status: 'OK', pushed: 0, pushFailures: 0 });
    const aAtC = await clientOf(c, 'ACERT', 'TRUSTED', ['READER']);
    expect((await everything(c, { basic: { clientId: aAtC.clientId, clientSecret: aAtC.clientSecret } })).has(String(o.id))).toBe(true);

    expect(await storedRows(a, String(o.id))).toEqual([{ owner: 'ACERT', channel: 'graphql', peer: null }]);
    expect(await storedRows(b, String(o.id))).toEqual([{ owner: 'ACERT', channel: 'taxii', peer: null }]);
    expect(await storedRows(c, String(o.id))).toEqual([{ owner: 'BCERT', channel: 'taxii', peer: null }]);
  });
});
