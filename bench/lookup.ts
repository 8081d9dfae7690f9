/**
 * lookupObservable under load: a store of N generated indicators (submitted through the exchange, about
 * one in five visible to the reader by marking), then C concurrent look-ups of stored IPs, covering /24
 * ranges, domains and misses, next to `{ ping }` on the same server in the same run.
 * Usage: npm run bench:lookup -- [--objects 50000 --connections 50 --seconds 10 --rounds 2] [--seed sql]
 * `--seed sql` writes the store with set-based SQL (support/seed-indicators-sql.ts) instead of submitBundle
 * over HTTP: the way to a 1,000,000-object store on a small machine.
 */
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { ClientsService } from '../src/partners/clients.service';
import { PartnersService } from '../src/partners/partners.service';
import { generatedIndicator } from './ingest';
import { startBenchExchange } from './support/bench-exchange';
import { seedIndicatorsSql } from './support/seed-indicators-sql';
import { alternate, printTable } from './support/load';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

async function clientToken(
  baseUrl: string,
  app: Awaited<ReturnType<typeof startBenchExchange>>['app'],
  trust: 'TRUSTED' | 'COMMUNITY',
  roles: ('ANALYST' | 'READER')[],
): Promise<{ token: string; partnerId: string; clientId: string; identityRef: string }> {
  const partner = await app.get(PartnersService).create({ name: `Bench ${trust}`, shortName: `B${trust.slice(0, 3)}${process.pid}`, kind: 'CERT', trust, groups: [] }, null);
  const { client, clientSecret } = await app.get(ClientsService).create({ partnerShortName: partner.shortName, roles }, null);
  const response = await fetch(`${baseUrl}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: client.clientId, client_secret: clientSecret! }),
  });
  const token = ((await response.json()) as { access_token: string }).access_token;
  return { token, partnerId: partner.id, clientId: client.clientId, identityRef: partner.identityRef };
}

async function main(): Promise<void> {
  const total = arg('objects', 50_000);
  const connections = arg('connections', 50);
  const seconds = arg('seconds', 10);
  const rounds = Math.max(1, arg('rounds', 2));
  const exchange = await startBenchExchange({ STIX_MAX_BUNDLE_OBJECTS: '1000' });
  const owner = new Client({ connectionString: exchange.databaseUrl });
  await owner.connect();
  try {
    const producerClient = await clientToken(exchange.baseUrl, exchange.app, 'TRUSTED', ['ANALYST']);
    const producer = producerClient.token;
    const reader = (await clientToken(exchange.baseUrl, exchange.app, 'COMMUNITY', ['READER'])).token;
    const submit = `mutation($input: SubmitBundleInput!) { submitBundle(input: $input) { created } }`;
    const bySql = process.argv.includes('--seed') && process.argv[process.argv.indexOf('--seed') + 1] === 'sql';
    if (bySql) await seedIndicatorsSql(owner, producerClient.partnerId, producerClient.clientId, producerClient.identityRef, total);
    for (let i = 0; !bySql && i < total; i += 1000) {
      const objects = Array.from({ length: Math.min(1000, total - i) }, (_, j) => generatedIndicator(i + j));
      const response = await fetch(`${exchange.baseUrl}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${producer}` },
        body: JSON.stringify({ query: submit, variables: { input: { bundle: { type: 'bundle', id: `bundle--${randomUUID()}`, objects } } } }),
      });
      if (response.status !== 200) throw new Error(`submit failed: ${response.status}`);
      await response.text();
    }
    await owner.query('ANALYZE stix_objects; ANALYZE stix_observables');
    const { rows } = await owner.query<{ value: string }>(
      `(SELECT value FROM stix_observables WHERE kind = 'ipv4' AND value NOT LIKE '%/%' LIMIT 100)
       UNION ALL (SELECT host(cidr + 7) FROM stix_observables WHERE kind = 'ipv4' AND value LIKE '%/24' LIMIT 50)
       UNION ALL (SELECT value FROM stix_observables WHERE kind = 'domain' LIMIT 50)`,
    );
    const values = [...rows.map((r) => r.value), ...Array.from({ length: 50 }, (_, i) => `192.0.2.${i + 1}`)];
    const query = 'query($v: String!) { lookupObservable(value: $v) { id type tlp } }';
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${reader}` };
    const requests = values.map((v) => ({ body: JSON.stringify({ query, variables: { v } }) }));
    const url = `${exchange.baseUrl}/graphql`;
    const database = new URL(exchange.databaseUrl).pathname.slice(1);
    const pingLoad = { url, method: 'POST' as const, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ ping }' }), connections, seconds, database };
    const lookupLoad = { url, method: 'POST' as const, headers, requests, connections, seconds, database };
    // Warm-up of both paths, then both measured in alternated rounds (see alternate): the share of ping is
    // only meaningful when both saw the same machine. Two rounds by default: every round opens its 50
    // connections afresh, and with 2-second rounds (--rounds 5) those starts alone tripled the p99.
    await alternate([{ label: 'warm-up', options: { ...pingLoad, seconds: 1 } }, { label: 'warm-up', options: { ...lookupLoad, seconds: 2 } }], 1);
    const [ping, lookups] = await alternate([{ label: '{ ping }', options: pingLoad }, { label: 'lookupObservable', options: lookupLoad }], rounds);
    console.log(`lookup benchmark: ${total} indicators stored (${bySql ? 'seeded by SQL' : 'through submitBundle'}), ${values.length} distinct values, ${connections} connections, ${seconds}s each in ${rounds} alternated rounds, Node ${process.version}`);
    printTable([ping, lookups], ping);
    console.log(JSON.stringify({ bench: 'lookup', objects: total, ping, lookups }));
  } finally {
    await owner.end();
    await exchange.close();
  }
}

void main().catch((error) => {
  console.error(error);
  process.exit(1);
});
