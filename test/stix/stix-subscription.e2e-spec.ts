import { randomUUID } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AuditService } from '../../src/audit/audit.service';
import { createApp } from '../../src/http/create-app';
import { createLogger } from '../../src/logging/logger';
import { ClientsService } from '../../src/partners/clients.service';
import { StixSubscriptionService } from '../../src/stix/subscriptions/stix-subscriptions.service';
import { subscribeOverWs, type Recorded } from '../support/graphql-ws-client';
import { aPartner, tokenFor, type TestClient } from '../support/partners';
import { startTestApp, type TestApp } from '../support/test-app';
import { bundle, indicator, marked, submitOk } from './stix-fixtures';

type Added = { stixObjectAdded: { id: string; tlp: string; labels: string[]; object: Record<string, unknown> } };
const SUBSCRIPTION = `subscription($f: StixFilterInput) { stixObjectAdded(filter: $f) { id tlp labels object } }`;

describe('stixObjectAdded over graphql-ws', () => {
  let t: TestApp;
  /** A second replica on the same database: events cross replicas through LISTEN/NOTIFY. */
  let replica: NestFastifyApplication;
  let replicaUrl: string;
  let producer: TestClient;
  let named: TestClient;
  const clients: Record<string, TestClient> = {};
  const tokens: Record<string, string> = {};
  const open: Recorded<Added>[] = [];

  /** Subscribes and waits until the server has registered it (its `stix.subscribe` audit event). */
  async function subscribe(who: string, filter?: Record<string, unknown>, baseUrl = t.baseUrl): Promise<Recorded<Added>> {
    const audit = t.app.get(AuditService);
    const before = (await audit.search({ action: 'stix.subscribe', actorClientId: clients[who]!.clientId }, 100)).edges.length;
    const recorded = subscribeOverWs<Added>(baseUrl, tokens[who], SUBSCRIPTION, { f: filter ?? null });
    open.push(recorded);
    const deadline = Date.now() + 10_000;
    while ((await audit.search({ action: 'stix.subscribe', actorClientId: clients[who]!.clientId }, 100)).edges.length === before) {
      if (Date.now() > deadline) throw new Error(`subscription of ${who} never started: ${JSON.stringify(recorded.errors)}`);
      await new Promise((r) => setTimeout(r, 25));
    }
    return recorded;
  }

  const ids = (r: Recorded<Added>) => r.received.map((d) => d.stixObjectAdded.id);

  beforeAll(async () => {
    t = await startTestApp();
    replica = await createApp(t.config, t.db.url, createLogger(t.config.logLevel));
    await replica.listen(0, '127.0.0.1');
    replicaUrl = `http://127.0.0.1:${(replica.getHttpServer().address() as { port: number }).port}`;
    producer = await aPartner(t.app, { trust: 'TRUSTED' });
    named = await aPartner(t.app, { trust: 'PUBLIC', roles: ['READER'] });
    Object.assign(clients, {
      producer,
      home: await aPartner(t.app, { kind: 'HOME', roles: ['READER'] }),
      trusted: await aPartner(t.app, { trust: 'TRUSTED', roles: ['READER'] }),
      community: await aPartner(t.app, { trust: 'COMMUNITY', roles: ['READER'] }),
      public: await aPartner(t.app, { trust: 'PUBLIC', roles: ['READER'] }),
      named,
      grouped: await aPartner(t.app, { trust: 'PUBLIC', groups: ['HK-CII'], roles: ['READER'] }),
      filtered: await aPartner(t.app, { trust: 'CLOSE', roles: ['READER'] }),
      suspended: await aPartner(t.app, { trust: 'CLOSE', roles: ['READER'] }),
    });
    for (const [who, c] of Object.entries(clients)) tokens[who] = await tokenFor(t.baseUrl, c);
  });
  afterAll(async () => {
    await Promise.all(open.map((r) => r.dispose().catch(() => undefined)));
    await replica.close();
    await t.close();
  });

  it('delivers to each partner exactly its share, redacted as a query would be, from either replica', async () => {
    const label = `sub-${randomUUID()}`;
    const objects = {
      clear: marked('CLEAR', indicator({ labels: [label] }, '192.0.2.1')),
      green: marked('GREEN', indicator({ labels: [label] }, '192.0.2.2')),
      amber: marked('AMBER', indicator({ labels: [label] }, '192.0.2.3')),
      strict: marked('AMBER+STRICT', indicator({ labels: [label] }, '192.0.2.4')),
      red: marked('RED', indicator({ labels: [label] }, '192.0.2.5')),
    };
    const forAudience = marked('RED', indicator({ labels: [label], x_cx_victim: 'Example Hospital' }, '192.0.2.6'));
    // Everyone may see the sentinel; it is committed last, and events arrive in commit order: once a
    // subscriber has it, it has everything it will ever get of the rest.
    const sentinel = marked('CLEAR', indicator({ labels: [label] }, '192.0.2.7'));
    const expected: Record<string, (keyof typeof objects)[]> = {
      producer: ['clear', 'green', 'amber', 'strict', 'red'],
      home: ['clear', 'green', 'amber', 'strict', 'red'],
      trusted: ['clear', 'green', 'amber'],
      community: ['clear', 'green'],
      public: ['clear'],
      named: ['clear'],
      grouped: ['clear'],
    };
    const seesAudience = new Set(['producer', 'home', 'named', 'grouped']);
    const subs: Record<string, Recorded<Added>> = {};
    for (const [i, who] of Object.keys(expected).entries()) subs[who] = await subscribe(who, { labels: [label] }, i % 2 === 0 ? t.baseUrl : replicaUrl);

    await submitOk(t.baseUrl, tokens.producer!, { bundle: bundle(...Object.values(objects)) });
    await submitOk(t.baseUrl, tokens.producer!, { bundle: bundle(forAudience), audience: { partners: [named.partnerShortName], groups: ['HK-CII'] } });
    await submitOk(t.baseUrl, tokens.producer!, { bundle: bundle(sentinel) });

    for (const [who, keys] of Object.entries(expected)) {
      const sub = subs[who]!;
      await sub.until((r) => r.some((d) => d.stixObjectAdded.id === sentinel.id));
      const want = [...keys.map((k) => objects[k].id as string), ...(seesAudience.has(who) ? [forAudience.id as string] : []), sentinel.id as string];
      expect({ who, ids: [...ids(sub)].sort() }).toEqual({ who, ids: want.sort() });
      expect(sub.errors).toEqual([]);
    }
    const victim = (who: string) => subs[who]!.received.find((d) => d.stixObjectAdded.id === forAudience.id)!.stixObjectAdded.object;
    expect(victim('named').x_cx_victim).toBe('Example Hospital');
    expect(victim('grouped')).not.toHaveProperty('x_cx_victim');
    expect(victim('grouped').name).toBe(forAudience.name);
    // Delivering a RED object is a read of it, audited like one.
    const reads = await t.app.get(AuditService).search({ action: 'stix.read', target: forAudience.id as string });
    expect(reads.edges.map((e) => e.node.details.operation)).toContain('stixObjectAdded');
  });

  it('applies the filter', async () => {
    const label = `filter-${randomUUID()}`;
    const sub = await subscribe('filtered', { labels: [label], markings: ['AMBER', 'RED'] });
    const wanted = marked('AMBER', indicator({ labels: [label] }));
    const sentinel = marked('AMBER', indicator({ labels: [label] }));
    await submitOk(t.baseUrl, tokens.producer!, {
      // Not marked as asked, not labelled as asked, and RED (matches the filter, but CLOSE may not see it).
      bundle: bundle(marked('GREEN', indicator({ labels: [label] })), marked('AMBER', indicator({ labels: ['other'] })), marked('RED', indicator({ labels: [label] })), wanted),
    });
    await submitOk(t.baseUrl, tokens.producer!, { bundle: bundle(sentinel) });
    await sub.until((r) => r.length >= 2);
    expect(ids(sub)).toEqual([wanted.id, sentinel.id]);
  });

  it('records who subscribed with which filter', async () => {
    const events = await t.app.get(AuditService).search({ action: 'stix.subscribe', actorClientId: clients.filtered!.clientId });
    expect(events.edges[0]!.node).toMatchObject({ channel: 'graphql', outcome: 'ok', details: { operation: 'stixObjectAdded', filter: { markings: ['AMBER', 'RED'] } } });
  });

  it('refuses a connection without a valid token, saying why', async () => {
    for (const token of [undefined, 'not-a-token']) {
      const sub = subscribeOverWs<Added>(t.baseUrl, token, SUBSCRIPTION);
      open.push(sub);
      expect(await sub.closed).toEqual({ code: 4401, reason: 'Unauthorized: connectionParams.authorization must be "Bearer <valid access token>"' });
      expect(sub.received).toEqual([]);
    }
    const denied = await t.app.get(AuditService).search({ action: 'auth.denied' });
    expect(denied.edges.some((e) => e.node.channel === 'graphql')).toBe(true);
  });

  it('rejects a bad filter with BAD_USER_INPUT', async () => {
    const sub = subscribeOverWs<Added>(t.baseUrl, tokens.public, SUBSCRIPTION, { f: { types: [] } });
    open.push(sub);
    const deadline = Date.now() + 10_000;
    while (sub.errors.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
    expect(sub.errors[0]).toMatchObject({ message: 'filter.types must hold 1 to 100 values', extensions: { code: 'BAD_USER_INPUT' } });
  });

  it('ends the subscription of a client that is suspended', async () => {
    const label = `suspend-${randomUUID()}`;
    const sub = await subscribe('suspended', { labels: [label] });
    const before = t.app.get(StixSubscriptionService).size;
    await t.app.get(ClientsService).suspend(clients.suspended!.clientId, null);
    // The actor cache (ACTOR_CACHE_MS) may answer "active" a little longer; the next delivery or sweep checks again.
    const closed = await Promise.race([
      sub.closed,
      (async () => {
        for (let i = 0; i < 40; i++) {
          await submitOk(t.baseUrl, tokens.producer!, { bundle: bundle(marked('CLEAR', indicator({ labels: [label] }))) });
          await new Promise((r) => setTimeout(r, 250));
        }
        return null;
      })(),
    ]);
    expect(closed).toEqual({ code: 4403, reason: 'Forbidden: the client or its partner is no longer active' });
    expect(t.app.get(StixSubscriptionService).size).toBeLessThan(before);
    // Whatever it received before the suspension bit, nothing after it was closed.
    const count = sub.received.length;
    await submitOk(t.baseUrl, tokens.producer!, { bundle: bundle(marked('CLEAR', indicator({ labels: [label] }))) });
    await new Promise((r) => setTimeout(r, 300));
    expect(sub.received.length).toBe(count);
  });
});
