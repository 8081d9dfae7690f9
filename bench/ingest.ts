/**
 * STIX ingest throughput through the whole exchange: N generated indicators (~500 bytes, realistic
 * patterns and markings) submitted over HTTP as GraphQL submitBundle in bundles of B, against the same
 * objects written as a plain multi-row INSERT of B rows per statement into a scratch table, same run,
 * same database. Prints both rates and the ratio (target: the exchange at least 50% of the plain insert).
 * Usage: npm run build && node dist/bench/ingest.js [--objects 100000 --batch 1000 --concurrency 1]
 */
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { ClientsService } from '../src/partners/clients.service';
import { PartnersService } from '../src/partners/partners.service';
import { TLP_MARKING_IDS, TLP_LEVELS } from '../src/stix/tlp.constants';
import { startBenchExchange } from './support/bench-exchange';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

const KINDS = ['ip', 'cidr', 'domain', 'url', 'sha256'] as const;
const hex = (n: number) => Array.from({ length: n }, () => Math.floor(Math.random() * 16).toString(16)).join('');
const octet = () => Math.floor(Math.random() * 254) + 1;

/** An indicator like partners send: one of five pattern kinds, a TLP marking (a fifth unmarked), labels. */
export function generatedIndicator(i: number): Record<string, unknown> {
  const kind = KINDS[i % KINDS.length]!;
  const pattern = {
    ip: `[ipv4-addr:value = '${octet()}.${octet()}.${octet()}.${octet()}']`,
    cidr: `[ipv4-addr:value = '${octet()}.${octet()}.${octet()}.0/24'] OR [ipv6-addr:value = '2001:db8:${hex(4)}::/48']`,
    domain: `[domain-name:value = 'c2-${hex(8)}.example-bad${i % 97}.com']`,
    url: `[url:value = 'http://dl-${hex(6)}.example.net/${hex(10)}/payload.bin']`,
    sha256: `[file:hashes.'SHA-256' = '${hex(64)}' AND file:name = 'invoice_${i}.exe']`,
  }[kind];
  const level = TLP_LEVELS[i % 5];
  const now = new Date(Date.UTC(2026, 10, 1) + i * 1000).toISOString();
  return {
    type: 'indicator',
    spec_version: '2.1',
    id: `indicator--${randomUUID()}`,
    created: now,
    modified: now,
    name: `${kind} indicator ${i}`,
    description: `Seen in campaign ${i % 50} against regional finance; block at the perimeter.`,
    indicator_types: ['malicious-activity'],
    pattern,
    pattern_type: 'stix',
    valid_from: now,
    labels: [`campaign-${i % 50}`, 'bench'],
    ...(i % 5 === 4 ? {} : { object_marking_refs: [TLP_MARKING_IDS[level!]] }),
    confidence: 70,
  };
}

async function main(): Promise<void> {
  const total = arg('objects', 100_000);
  const batch = arg('batch', 1000);
  const concurrency = arg('concurrency', 1);
  const exchange = await startBenchExchange({ STIX_MAX_BUNDLE_OBJECTS: String(batch), MAX_PAGE_SIZE: '1000' });
  const owner = new Client({ connectionString: exchange.databaseUrl });
  await owner.connect();
  try {
    const partner = await exchange.app.get(PartnersService).create({ name: 'Bench CERT', shortName: `BENCH${process.pid}`, kind: 'CERT', trust: 'TRUSTED', groups: [] }, null);
    const { client, clientSecret } = await exchange.app.get(ClientsService).create({ partnerShortName: partner.shortName, roles: ['ANALYST'] }, null);
    const tokenResponse = await fetch(`${exchange.baseUrl}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: client.clientId, client_secret: clientSecret! }),
    });
    const token = ((await tokenResponse.json()) as { access_token: string }).access_token;

    const bundles: Record<string, unknown>[][] = [];
    for (let i = 0; i < total; i += batch) bundles.push(Array.from({ length: Math.min(batch, total - i) }, (_, j) => generatedIndicator(i + j)));
    const bytes = Buffer.byteLength(JSON.stringify(bundles[0]![0]));
    const query = `mutation($input: SubmitBundleInput!) { submitBundle(input: $input) { created rejected } }`;

    // Warm-up (not counted): one small bundle through each path.
    const warm = [generatedIndicator(0)];
    await submit(exchange.baseUrl, token, query, warm);

    let next = 0;
    const started = process.hrtime.bigint();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < bundles.length) {
          const objects = bundles[next++]!;
          const result = await submit(exchange.baseUrl, token, query, objects);
          if (result.created !== objects.length) throw new Error(`bundle not fully stored: ${JSON.stringify(result)}`);
        }
      }),
    );
    const exchangeSeconds = Number(process.hrtime.bigint() - started) / 1e9;

    await owner.query(`CREATE TABLE bench_plain (id text PRIMARY KEY, modified timestamptz NOT NULL, object jsonb NOT NULL)`);
    const plainStarted = process.hrtime.bigint();
    for (const objects of bundles) {
      const values = objects.map((_, k) => `($${k * 3 + 1}, $${k * 3 + 2}, $${k * 3 + 3})`).join(', ');
      const params = objects.flatMap((o) => [o.id, o.modified, JSON.stringify(o)]);
      await owner.query(`INSERT INTO bench_plain (id, modified, object) VALUES ${values}`, params);
    }
    const plainSeconds = Number(process.hrtime.bigint() - plainStarted) / 1e9;

    const exchangeRate = total / exchangeSeconds;
    const plainRate = total / plainSeconds;
    console.log(`ingest benchmark: ${total} indicators (~${bytes} bytes each), bundles of ${batch}, ${concurrency} concurrent, Node ${process.version}`);
    console.table([
      { path: 'exchange submitBundle over HTTP', seconds: +exchangeSeconds.toFixed(2), 'objects/s': Math.round(exchangeRate) },
      { path: 'plain multi-row INSERT', seconds: +plainSeconds.toFixed(2), 'objects/s': Math.round(plainRate) },
    ]);
    console.log(`ratio: ${((exchangeRate / plainRate) * 100).toFixed(1)}% of the plain insert (target >= 50%)`);
    console.log(JSON.stringify({ bench: 'ingest', objects: total, batch, concurrency, objectBytes: bytes, exchangeRate, plainRate, ratio: exchangeRate / plainRate }));
  } finally {
    await owner.end();
    await exchange.close();
  }
}

async function submit(baseUrl: string, token: string, query: string, objects: Record<string, unknown>[]): Promise<{ created: number; rejected: number }> {
  const response = await fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables: { input: { bundle: { type: 'bundle', id: `bundle--${randomUUID()}`, objects } } } }),
  });
  const body = (await response.json()) as { data?: { submitBundle: { created: number; rejected: number } }; errors?: unknown };
  if (!body.data) throw new Error(`submitBundle failed: ${JSON.stringify(body.errors)}`);
  return body.data.submitBundle;
}

// bench/lookup.ts imports the generator: only run when started directly.
if (require.main === module) {
  void main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
