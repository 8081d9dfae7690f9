import { randomBytes } from 'node:crypto';
import { ClientsService } from '../../src/partners/clients.service';
import { PartnersService } from '../../src/partners/partners.service';
import { gql } from '../support/graphql-client';
import { aPartner, tokenFor, type TestClient } from '../support/partners';
import { startTestApp, type TestApp } from '../support/test-app';
import { collectionId, taxii } from '../taxii/taxii-client';
import { walk } from '../taxii/taxii-walk';

export const ALL = collectionId('all');

/** One exchange of a test federation: a real server on its own database, with its HOME admin's token. */
export interface Exchange {
  readonly name: string;
  readonly t: TestApp;
  readonly home: TestClient;
  readonly homeToken: string;
  readonly identity: string;
  /** SYNC_SECRET_KEY of this exchange (the CLI needs the same to open peer credentials). */
  readonly secretKey: string;
}

export async function startExchange(name: string, env: Record<string, string> = {}): Promise<Exchange> {
  const secretKey = randomBytes(32).toString('hex');
  const t = await startTestApp({ HOME_PARTNER_SHORT_NAME: name, HOME_PARTNER_NAME: `${name} (test)`, SYNC_SECRET_KEY: secretKey, ...env });
  const home = await aPartner(t.app, { kind: 'HOME', roles: ['ADMIN', 'ANALYST'] });
  return { name, t, home, homeToken: await tokenFor(t.baseUrl, home), identity: home.identityRef, secretKey };
}

/**
 * `remote` registers `local`'s operator as a partner with a SYNC client (what a partner CERT's admin does
 * for us), and `local` links a peer to it with those credentials.
 */
export async function link(
  local: Exchange,
  remote: Exchange,
  options: { direction: 'PULL' | 'PUSH' | 'BOTH'; pageSize?: number; trust?: 'PUBLIC' | 'COMMUNITY' | 'TRUSTED' | 'CLOSE'; remoteTrust?: 'PUBLIC' | 'COMMUNITY' | 'TRUSTED' | 'CLOSE'; extra?: Record<string, unknown> },
): Promise<{ peerId: string; atRemote: TestClient; partnerHere: TestClient }> {
  const atRemote = await clientOf(remote, local.name, options.remoteTrust ?? 'TRUSTED', ['SYNC']);
  const partnerHere = await clientOf(local, remote.name, options.trust ?? 'TRUSTED', ['ANALYST']);
  const r = await gql<{ createPeer: { id: string } }>(local.t.baseUrl, CREATE_PEER, {
    input: {
      name: remote.name.toLowerCase(),
      partner: remote.name,
      baseUrl: remote.t.baseUrl,
      collections: [ALL],
      direction: options.direction,
      authMethod: 'CLIENT_SECRET',
      clientId: atRemote.clientId,
      clientSecret: atRemote.clientSecret,
      pageSize: options.pageSize ?? 3,
      ...options.extra,
    },
  }, local.homeToken);
  if (!r.data) throw new Error(`createPeer failed: ${JSON.stringify(r.errors)}`);
  return { peerId: r.data.createPeer.id, atRemote, partnerHere };
}

/** The partner named `name` on exchange `x`, created at first use, with a new client of the given roles. */
export async function clientOf(x: Exchange, name: string, trust: 'PUBLIC' | 'COMMUNITY' | 'TRUSTED' | 'CLOSE', roles: ('SYNC' | 'ANALYST' | 'READER')[]): Promise<TestClient> {
  const partners = x.t.app.get(PartnersService);
  const partner = (await partners.findByShortName(name)) ?? (await partners.create({ name: `Partner ${name}`, shortName: name, kind: 'CERT', trust, groups: [] }, null));
  const { client, clientSecret } = await x.t.app.get(ClientsService).create({ partnerShortName: partner.shortName, roles }, null);
  return { clientId: client.clientId, clientSecret: clientSecret!, partnerId: partner.id, partnerShortName: partner.shortName, identityRef: partner.identityRef };
}

export const CREATE_PEER = `mutation($input: PeerInput!) { createPeer(input: $input) { id name direction hasSecret publicJwks } }`;
export const RUN = `mutation($id: ID!) { runPeerSync(peerId: $id) { queued run { id status pulled duplicates echoes quarantined pushed pushFailures error } } }`;

export interface RunShape {
  id: string;
  status: string;
  pulled: number;
  duplicates: number;
  echoes: number;
  quarantined: number;
  pushed: number;
  pushFailures: number;
  error: string | null;
}

export async function runSync(local: Exchange, peerId: string): Promise<RunShape> {
  const r = await gql<{ runPeerSync: { queued: boolean; run: RunShape } }>(local.t.baseUrl, RUN, { id: peerId }, local.homeToken);
  if (!r.data || r.errors) throw new Error(`runPeerSync failed: ${JSON.stringify(r.errors)}`);
  expect(r.data.runPeerSync.queued).toBe(false);
  return r.data.runPeerSync.run;
}

/** Every object version an exchange's `all` collection gives this token, by id → JSON text, as received. */
export async function everything(x: Exchange, auth: { token: string } | { basic: { clientId: string; clientSecret: string } }): Promise<Map<string, string[]>> {
  const { objects } = await walk(x.t.baseUrl, `/taxii2/api/collections/${ALL}/objects/?match[version]=all`, auth, 1000);
  const byId = new Map<string, string[]>();
  for (const o of objects) byId.set(String(o.id), [...(byId.get(String(o.id)) ?? []), JSON.stringify(o)]);
  return byId;
}

/** Rows of stix_objects for an id, whoever owns them (the owner connection, outside RLS). */
export async function storedRows(x: Exchange, id: string): Promise<{ owner: string; channel: string; peer: string | null }[]> {
  const { Client } = await import('pg');
  const c = new Client({ connectionString: x.t.db.url });
  await c.connect();
  try {
    const r = await c.query(`SELECT p.short_name AS owner, o.channel, o.peer FROM stix_objects o JOIN partners p ON p.id = o.owner_partner_id WHERE o.id = $1 ORDER BY o.seq`, [id]);
    return r.rows;
  } finally {
    await c.end();
  }
}

export { taxii };
