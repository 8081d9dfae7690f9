/**
 * A full paged pull of N objects (default 100,000) by one partner: over TAXII (GET objects/, following
 * `next`) and over GraphQL (stixObjects, following endCursor), same run, same database, same reader.
 * Seeding goes straight through StixStoreService.submitBundle (the one ingest pipeline) in bundles of B.
 * Target: TAXII at least 20,000 objects/s here.
 * Usage: npx tsc -p tsconfig.build.json && node dist/bench/taxii.js [--objects 100000 --page 1000 --batch 5000]
 */
import { randomUUID } from 'node:crypto';
import { ActorService } from '../src/auth/actor.service';
import { ClientsService } from '../src/partners/clients.service';
import { PartnersService } from '../src/partners/partners.service';
import { StixStoreService } from '../src/stix/store/stix-store.service';
import { TLP_LEVELS, TLP_MARKING_IDS } from '../src/stix/tlp.constants';
import { uuidV5 } from '../src/stix/uuid5';
import { startBenchExchange } from './support/bench-exchange';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

const TAXII = 'application/taxii+json;version=2.1';

/** An indicator of ~550 bytes: a pattern, a TLP marking (every fifth unmarked), labels. */
function anIndicator(i: number): Record<string, unknown> {
  const at = new Date(Date.UTC(2026, 10, 1) + i * 1000).toISOString();
  const ip = `${10 + (i >> 24)}.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
  return {
    type: 'indicator',
    spec_version: '2.1',
    id: `indicator--${randomUUID()}`,
    created: at,
    modified: at,
    name: `C2 server ${ip}`,
    description: `Seen in campaign ${i % 50} against regional finance; block at the perimeter.`,
    indicator_types: ['malicious-activity'],
    pattern: `[ipv4-addr:value = '${ip}']`,
    pattern_type: 'stix',
    valid_from: at,
    labels: [`campaign-${i % 50}`, 'bench'],
    ...(i % 5 === 4 ? {} : { object_marking_refs: [TLP_MARKING_IDS[TLP_LEVELS[i % 5]!]] }),
    confidence: 70,
  };
}

async function token(baseUrl: string, clientId: string, clientSecret: string): Promise<string> {
  const response = await fetch(`${baseUrl}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret }),
  });
  return ((await response.json()) as { access_token: string }).access_token;
}

async function pullTaxii(baseUrl: string, bearer: string, page: number): Promise<{ objects: number; pages: number }> {
  const collection = uuidV5('taxii-collection:all', '6b1f3c8e-5d0a-4d7e-9a53-2f4c1e8b7a90');
  let next: string | undefined;
  let objects = 0;
  let pages = 0;
  for (;;) {
    const url = `${baseUrl}/taxii2/api/collections/${collection}/objects/?limit=${page}${next ? `&next=${next}` : ''}`;
    const response = await fetch(url, { headers: { accept: TAXII, authorization: `Bearer ${bearer}` } });
    if (response.status !== 200) throw new Error(`TAXII page answered ${response.status}: ${await response.text()}`);
    const body = (await response.json()) as { more: boolean; next?: string; objects?: unknown[] };
    objects += body.objects?.length ?? 0;
    pages++;
    if (!body.more) return { objects, pages };
    next = body.next;
  }
}

async function pullGraphql(baseUrl: string, bearer: string, page: number): Promise<{ objects: number; pages: number }> {
  const query = `query($first: Int, $after: String) { stixObjects(first: $first, after: $after) { edges { node { id object } } pageInfo { hasNextPage endCursor } } }`;
  let after: string | null = null;
  let objects = 0;
  let pages = 0;
  for (;;) {
    const response = await fetch(`${baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` },
      body: JSON.stringify({ query, variables: { first: page, after } }),
    });
    type Answer = { data?: { stixObjects: { edges: unknown[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } }; errors?: unknown };
    const body = (await response.json()) as Answer;
    if (!body.data) throw new Error(`stixObjects failed: ${JSON.stringify(body.errors)}`);
    objects += body.data.stixObjects.edges.length;
    pages++;
    if (!body.data.stixObjects.pageInfo.hasNextPage) return { objects, pages };
    after = body.data.stixObjects.pageInfo.endCursor;
  }
}

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const started = process.hrtime.bigint();
  const result = await work();
  return [result, Number(process.hrtime.bigint() - started) / 1e9];
}

async function main(): Promise<void> {
  const total = arg('objects', 100_000);
  const page = arg('page', 1000);
  const batch = arg('batch', 5000);
  const exchange = await startBenchExchange({ STIX_MAX_BUNDLE_OBJECTS: String(batch), MAX_PAGE_SIZE: String(page), TAXII_MAX_PAGE_SIZE: String(page) });
  try {
    const partners = exchange.app.get(PartnersService);
    const clients = exchange.app.get(ClientsService);
    const producer = await partners.create({ name: 'Bench producer', shortName: `PROD${process.pid}`, kind: 'CERT', trust: 'TRUSTED', groups: [] }, null);
    const reader = await partners.create({ name: 'Bench reader', shortName: `READ${process.pid}`, kind: 'CERT', trust: 'TRUSTED', groups: [] }, null);
    const { client: producerClient } = await clients.create({ partnerShortName: producer.shortName, roles: ['ANALYST'] }, null);
    const { client: readerClient, clientSecret } = await clients.create({ partnerShortName: reader.shortName, roles: ['READER'] }, null);
    const actor = (await exchange.app.get(ActorService).forClient(producerClient.clientId))!;
    const store = exchange.app.get(StixStoreService);
    const [, seedSeconds] = await timed(async () => {
      for (let i = 0; i < total; i += batch) {
        const objects = Array.from({ length: Math.min(batch, total - i) }, (_, j) => anIndicator(i + j));
        await store.submitBundle(actor, { bundle: { type: 'bundle', id: `bundle--${randomUUID()}`, objects } }, 'taxii');
      }
    });
    const bearer = await token(exchange.baseUrl, readerClient.clientId, clientSecret!);
    await pullTaxii(exchange.baseUrl, bearer, 100); // warm-up of both paths, not counted
    await pullGraphql(exchange.baseUrl, bearer, 100);

    const [taxii, taxiiSeconds] = await timed(() => pullTaxii(exchange.baseUrl, bearer, page));
    const [graphql, graphqlSeconds] = await timed(() => pullGraphql(exchange.baseUrl, bearer, page));
    if (taxii.objects !== graphql.objects) throw new Error(`TAXII gave ${taxii.objects} objects, GraphQL ${graphql.objects}`);
    console.log(`taxii pull benchmark: ${total} indicators stored (seeded in ${seedSeconds.toFixed(1)}s), a TRUSTED partner sees ${taxii.objects}; pages of ${page}; Node ${process.version}`);
    console.table([
      { path: 'TAXII GET objects (next)', pages: taxii.pages, seconds: +taxiiSeconds.toFixed(2), 'objects/s': Math.round(taxii.objects / taxiiSeconds) },
      { path: 'GraphQL stixObjects (after)', pages: graphql.pages, seconds: +graphqlSeconds.toFixed(2), 'objects/s': Math.round(graphql.objects / graphqlSeconds) },
    ]);
    const taxiiRate = taxii.objects / taxiiSeconds;
    console.log(`TAXII: ${Math.round(taxiiRate)} objects/s (target >= 20000)`);
    console.log(JSON.stringify({ bench: 'taxii', stored: total, pulled: taxii.objects, page, taxiiRate, graphqlRate: graphql.objects / graphqlSeconds }));
  } finally {
    await exchange.close();
  }
}

void main().catch((error) => {
  console.error(error);
  process.exit(1);
});
