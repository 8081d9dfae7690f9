/**
 * Authentication costs, measured in one run next to the ping ceiling:
 * - token issue rate at /oauth/token with a client secret (argon2id, deliberately slow) and with a
 *   private_key_jwt assertion (one signature check, no secret);
 * - the per-request cost of token verification + the live actor lookup + the role check, as an
 *   authenticated `{ me { clientId } }` against the public `{ ping }`.
 * Usage: npm run build && node dist/bench/auth.js [--seconds 10] [--connections 50]
 */
import { generateKeyPairSync, randomUUID, sign } from 'node:crypto';
import { ClientsService } from '../src/partners/clients.service';
import { HomeBootstrapService } from '../src/partners/home-bootstrap.service';
import { PartnersService } from '../src/partners/partners.service';
import { startBenchExchange } from './support/bench-exchange';
import { load, printTable } from './support/load';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

async function main(): Promise<void> {
  const seconds = arg('seconds', 10);
  const connections = arg('connections', 50);
  // No failure limit in the way of a benchmark that only succeeds; a long actor cache is the production default (2 s).
  const x = await startBenchExchange({ AUTH_FAILURE_LIMIT: '100000' });
  try {
    await x.app.get(HomeBootstrapService).ensureHome();
    await x.app.get(PartnersService).create({ name: 'Bench CERT', shortName: 'BENCH', kind: 'CERT', trust: 'TRUSTED' }, null);
    const { client, clientSecret } = await x.app.get(ClientsService).create({ partnerShortName: 'BENCH', roles: ['ANALYST'] }, null);
    const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const jwk = { ...(pair.publicKey.export({ format: 'jwk' }) as Record<string, unknown>), kid: 'bench', alg: 'ES256' };
    const peer = await x.app.get(ClientsService).create({ partnerShortName: 'BENCH', roles: ['SYNC'], jwks: { keys: [jwk] }, keyOnly: true }, null);

    const form = (body: Record<string, string>) => new URLSearchParams(body).toString();
    const secretBody = form({ grant_type: 'client_credentials', client_id: client.clientId, client_secret: clientSecret! });
    // A fresh assertion for every request: each jti is good once.
    const freshAssertion = () => {
      const now = Math.floor(Date.now() / 1000);
      const input = `${b64({ alg: 'ES256', kid: 'bench' })}.${b64({ iss: peer.client.clientId, sub: peer.client.clientId, aud: 'cert-exchange', iat: now, exp: now + 300, jti: randomUUID() })}`;
      const sig = sign('sha256', Buffer.from(input), { key: pair.privateKey, dsaEncoding: 'ieee-p1363' }).toString('base64url');
      return form({ grant_type: 'client_credentials', client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: `${input}.${sig}` });
    };
    const tokenResponse = await fetch(`${x.baseUrl}/oauth/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: secretBody });
    const token = ((await tokenResponse.json()) as { access_token: string }).access_token;

    const gqlHeaders = { 'content-type': 'application/json' };
    const formHeaders = { 'content-type': 'application/x-www-form-urlencoded' };
    await load('warm-up', { url: `${x.baseUrl}/graphql`, method: 'POST', headers: gqlHeaders, body: JSON.stringify({ query: '{ ping }' }), seconds: 2, connections });
    const ping = await load('{ ping } (public)', { url: `${x.baseUrl}/graphql`, method: 'POST', headers: gqlHeaders, body: JSON.stringify({ query: '{ ping }' }), seconds, connections });
    const me = await load('{ me } (token verified + live actor)', {
      url: `${x.baseUrl}/graphql`,
      method: 'POST',
      headers: { ...gqlHeaders, authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: '{ me { clientId trust } }' }),
      seconds,
      connections,
    });
    const issueSecret = await load('POST /oauth/token (secret, argon2id)', { url: `${x.baseUrl}/oauth/token`, method: 'POST', headers: formHeaders, body: secretBody, seconds, connections: 8 });
    const issueAssertion = await load('POST /oauth/token (private_key_jwt)', { url: `${x.baseUrl}/oauth/token`, method: 'POST', headers: formHeaders, requests: [{ setupRequest: (req: Record<string, unknown>) => ({ ...req, body: freshAssertion() }) }], seconds: Math.min(seconds, 5), connections: 8 });
    console.log(`auth benchmark: ${connections} connections for GraphQL, 8 for token issue, ${seconds}s each, Node ${process.version}`);
    printTable([ping, me, issueSecret, issueAssertion], ping);
    console.log(`per-request cost of verification + actor lookup: ${(1000 / me.requestsPerSecond - 1000 / ping.requestsPerSecond).toFixed(3)} ms of server time per request at this concurrency`);
    console.log(JSON.stringify({ bench: 'auth', ping, me, issueSecret, issueAssertion }));
  } finally {
    await new Promise((r) => setTimeout(r, 500)); // let requests autocannon abandoned at its deadline finish
    await x.close();
  }
}

void main().catch((error) => {
  console.error(error);
  process.exit(1);
});
