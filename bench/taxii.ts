/**
 * A full paged pull of N objects (default 100,000) by one partner: over TAXII (GET objects/, following
 * `next`) and over GraphQL (stixObjects, following endCursor), same run, same database, same reader.
 * The store holds about N × 1.25 objects (a fifth are TLP:AMBER+STRICT, which the TRUSTED reader may not
 * see), one in 500 a sighting; then the sparse `incidents` collection (sightings only here) is pulled
 * too, and the plan of its page is printed as the app runs it (role cx_app, actor settings, RLS).
 * Seeding goes straight through StixStoreService.submitBundle (the one ingest pipeline) in bundles of B.
 * Target: TAXII at least 20,000 objects/s here.
 * Usage: npx tsc -p tsconfig.build.json && node dist/bench/taxii.js [--objects 100000 --page 1000 --batch 5000]
 */
import { randomUUID } from 'node:crypto';
import { ActorService } from '../src/auth/actor.service';
import { ClientsService } from '../src/partners/clients.service';
import { PartnersService } from '../src/partners/partners.service';
import { StixStoreService } from '../src/stix/store/stix-store.service';
import { StixTaxiiRepository } from '../src/stix/store/stix-taxii.repository';
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

/** One in 500 objects: a TLP:GREEN sighting of the indicator stored just before it. */
function aSighting(i: number, of: string): Record<string, unknown> {
  const at = new Date(Date.UTC(2026, 10, 1) + i * 1000).toISOString();
  return { type: 'sighting', spec_version: '2.1', id: `sighting--${randomUUID()}`, created: at, modified: at, sighting_of_ref: of, count: 1 + (i % 7), object_marking_refs: [TLP_MARKING_IDS.GREEN] };
}

/** The i-th stored object, and whether the TRUSTED reader may see it (everything but AMBER+STRICT). */
function objectAt(i: number, previous: Record<string, unknown> | undefined): { object: Record<string, unknown>; visible: boolean } {
  if (i % 500 === 250 && previous) return { object: aSighting(i, previous.id as string), visible: true };
  return { object: anIndicator(i), visible: i % 5 !== 3 }; // AMBER+STRICT (unmarked ones count as the default, AMBER)
}

async function token(baseUrl: string, clientId: string, clientSecret: string): Promise<string> {
  const response = await fetch(`${baseUrl}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret }),
  });
  return ((await response.json()) as { access_token: string }).access_token;
}

async function pullTaxii(baseUrl: string, bearer: string, page: number, name = 'all'): Promise<{ objects: number; pages: number }> {
  const collection = uuidV5(`taxii-collection:${name}`, '6b1f3c8e-5d0a-4d7e-9a53-2f4c1e8b7a90');
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

/**
 * EXPLAIN ANALYZE of the page query of one real request to `incidents`: the repository is wrapped for that
 * one call so its query runs prefixed with EXPLAIN, in the app's own actor transaction (that response is
 * then empty and ignored).
 */
async function explainNextPage(exchange: Awaited<ReturnType<typeof startBenchExchange>>, bearer: string, page: number): Promise<string> {
  const repository = exchange.app.get(StixTaxiiRepository);
  const original = repository.page.bind(repository);
  let plan = '';
  repository.page = (m, ...rest) => {
    repository.page = original;
    const explaining = Object.create(m) as typeof m;
    explaining.query = (async (sql: string, params?: unknown[]) => {
      if (!sql.trimStart().startsWith('WITH')) return m.query(sql, params);
      const rows: { 'QUERY PLAN': string }[] = await m.query(`EXPLAIN (ANALYZE, COSTS OFF, BUFFERS) ${sql}`, params);
      // The nodes that show how rows are found; the policy's InitPlans and filters are left out for brevity.
      const shown = /Limit|Sort|Append|Index|Seq Scan|Execution Time/;
      plan = rows.map((r) => r['QUERY PLAN']).filter((line) => shown.test(line) && !/CTE Scan|InitPlan/.test(line)).join('\n');
      return [];
    }) as typeof m.query;
    return original(explaining, ...rest);
  };
  await pullTaxii(exchange.baseUrl, bearer, page, 'incidents');
  return plan;
}

async function main(): Promise<void> {
  const visibleTarget = arg('objects', 100_000);
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
    let total = 0;
    let sightings = 0;
    const [, seedSeconds] = await timed(async () => {
      let visible = 0;
      let previous: Record<string, unknown> | undefined;
      while (visible < visibleTarget) {
        const objects: Record<string, unknown>[] = [];
        while (objects.length < batch && visible < visibleTarget) {
          const next = objectAt(total++, previous);
          objects.push(next.object);
          previous = next.object;
          if (next.visible) visible++;
          if (next.object.type === 'sighting') sightings++;
        }
        await store.submitBundle(actor, { bundle: { type: 'bundle', id: `bundle--${randomUUID()}`, objects } }, 'taxii');
      }
    });
    const bearer = await token(exchange.baseUrl, readerClient.clientId, clientSecret!);
    await pullTaxii(exchange.baseUrl, bearer, 100); // warm-up of both paths, not counted
    await pullGraphql(exchange.baseUrl, bearer, 100);

    const [taxii, taxiiSeconds] = await timed(() => pullTaxii(exchange.baseUrl, bearer, page));
    const [graphql, graphqlSeconds] = await timed(() => pullGraphql(exchange.baseUrl, bearer, page));
    if (taxii.objects !== graphql.objects || taxii.objects !== visibleTarget) throw new Error(`TAXII gave ${taxii.objects} objects, GraphQL ${graphql.objects}, expected ${visibleTarget}`);
    console.log(`taxii pull benchmark: ${total} indicators stored (seeded in ${seedSeconds.toFixed(1)}s), a TRUSTED partner sees ${taxii.objects}; pages of ${page}; Node ${process.version}`);
    console.table([
      { path: 'TAXII GET objects (next)', pages: taxii.pages, seconds: +taxiiSeconds.toFixed(2), 'objects/s': Math.round(taxii.objects / taxiiSeconds) },
      { path: 'GraphQL stixObjects (after)', pages: graphql.pages, seconds: +graphqlSeconds.toFixed(2), 'objects/s': Math.round(graphql.objects / graphqlSeconds) },
    ]);
    const taxiiRate = taxii.objects / taxiiSeconds;
    console.log(`TAXII: ${Math.round(taxiiRate)} objects/s (target >= 20000)`);

    // The sparse collection: `incidents` holds only the sightings here, one object in 500.
    const rounds = 20;
    const [sparse, sparseSeconds] = await timed(async () => {
      let last = { objects: 0, pages: 0 };
      for (let i = 0; i < rounds; i++) last = await pullTaxii(exchange.baseUrl, bearer, page, 'incidents');
      return last;
    });
    if (sparse.objects !== sightings) throw new Error(`incidents gave ${sparse.objects} objects, ${sightings} sightings were stored`);
    const sparseMs = (sparseSeconds * 1000) / (rounds * sparse.pages);
    console.log(`sparse collection "incidents": ${sparse.objects} of ${total} stored objects in ${sparse.pages} page(s); ${sparseMs.toFixed(1)} ms per page (mean of ${rounds} pulls)`);
    console.log(`plan of that page, as the app runs it (role cx_app, actor settings, RLS):\n${await explainNextPage(exchange, bearer, page)}`);
    console.log(JSON.stringify({ bench: 'taxii', stored: total, pulled: taxii.objects, page, taxiiRate, graphqlRate: graphql.objects / graphqlSeconds, sparseObjects: sparse.objects, sparseMsPerPage: sparseMs }));
  } finally {
    await exchange.close();
  }
}

void main().catch((error) => {
  console.error(error);
  process.exit(1);
});
