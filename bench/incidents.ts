/**
 * incidentStatistics over a year of 100,000 incidents (5% drills, one in ten TLP:RED), asked through
 * GraphQL by HOME (counts all) and by a TRUSTED peer (the policy condition inside the aggregate).
 * Prints sequential latency (p50/p99 of single requests) and throughput under concurrent load.
 * Usage: npm run build && node dist/bench/incidents.js [--incidents 100000 --connections 10 --seconds 5]
 */
import { startBenchExchange } from './support/bench-exchange';
import { benchToken } from './support/bench-token';
import { withOwner } from './support/owner-connection';
import { load, printTable } from './support/load';

const YEAR = 2025;
const SUBCATEGORIES = ['PHISHING', 'WEBSITE_DEFACEMENT', 'BOTNET_C2', 'MALWARE_HOSTING', 'DDOS', 'INTRUSION', 'DATA_LEAK', 'RANSOMWARE', 'SCAM_FRAUD', 'OTHER'];
const QUERY = `query($y: Int!) { incidentStatistics(year: $y) { total byCategory { category count } months { month total } bySource { source count } } }`;

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

/** One multi-row INSERT as the owner: the benchmark is about counting, not about creating. */
async function seed(databaseUrl: string, ownerId: string, n: number): Promise<void> {
  await withOwner(databaseUrl, async (db) => {
    await db.query(
      `INSERT INTO incidents (reference, title, category, subcategory, severity, source, status, stix_id, stix_modified, exercise,
         reported_at, updated_at, created_by_client_id, tlp, owner_partner_id)
       SELECT 'BENCH-${YEAR}-' || i, 'bench', (ARRAY['VIRUS','SECURITY','SECURITY','SECURITY','OTHER'])[1 + i % 5], ($3::text[])[1 + i % 10],
              'LOW', CASE WHEN i % 3 = 0 THEN 'PROACTIVE' ELSE 'REPORTED' END, 'CLOSED', 'incident--' || gen_random_uuid(), at, i % 20 = 0,
              at, at, 'bench', CASE WHEN i % 10 = 0 THEN 'RED' ELSE 'AMBER' END, $2
         FROM generate_series(1, $1::int) i, LATERAL (SELECT timestamptz '${YEAR}-01-01Z' + (i % 365) * interval '1 day' + (i % 86400) * interval '1 second') t(at)`,
      [n, ownerId, SUBCATEGORIES],
    );
    await db.query('ANALYZE incidents');
  });
}

/** The rollup's aggregate alone, as HOME would run it (plan and server time, no HTTP, no GraphQL). */
async function explain(databaseUrl: string): Promise<void> {
  await withOwner(databaseUrl, async (db) => {
    const plan = await db.query(
      `EXPLAIN (ANALYZE, BUFFERS) SELECT CAST(extract(month FROM f.month) AS int) AS month, f.category, f.subcategory, f.source, sum(f.n)
         FROM incident_figures f WHERE NOT f.exercise AND f.month >= '${YEAR}-01-01' AND f.month < '${YEAR + 1}-01-01' GROUP BY 1, 2, 3, 4`,
    );
    const rows = await db.query(`SELECT count(*) AS groups, sum(n) AS incidents FROM incident_figures`);
    console.log(`incident_figures: ${rows.rows[0].groups} rows for ${rows.rows[0].incidents} incidents`);
    console.log(plan.rows.map((r: Record<string, string>) => r['QUERY PLAN']).join('\n'));
  });
}

async function sequential(baseUrl: string, token: string, runs: number): Promise<{ p50: number; p99: number; total: number }> {
  const times: number[] = [];
  let total = 0;
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    const response = await fetch(`${baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: QUERY, variables: { y: YEAR } }),
    });
    const body = (await response.json()) as { data?: { incidentStatistics: { total: number } }; errors?: unknown };
    if (!body.data) throw new Error(JSON.stringify(body.errors));
    total = body.data.incidentStatistics.total;
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => Math.round(times[Math.min(times.length - 1, Math.floor(q * times.length))]! * 10) / 10;
  return { p50: at(0.5), p99: at(0.99), total };
}

async function main(): Promise<void> {
  const n = arg('incidents', 100_000);
  const connections = arg('connections', 10);
  const seconds = arg('seconds', 5);
  const x = await startBenchExchange();
  try {
    const home = await benchToken(x, 'HOME', 'CLOSE', ['READER']);
    const peer = await benchToken(x, 'CERT', 'TRUSTED', ['READER']);
    const seeding = Date.now();
    await seed(x.databaseUrl, home.partnerId, n);
    console.log(`seeded ${n} incidents in ${Date.now() - seeding} ms`);
    for (const [who, t] of [['HOME', home.token], ['TRUSTED peer', peer.token]] as const) {
      await sequential(x.baseUrl, t, 5); // warm-up
      const s = await sequential(x.baseUrl, t, 100);
      console.log(`${who}: counted ${s.total} incidents; sequential p50 ${s.p50} ms, p99 ${s.p99} ms`);
    }
    if (process.argv.includes('--explain')) await explain(x.databaseUrl);
    const body = JSON.stringify({ query: QUERY, variables: { y: YEAR } });
    const results = [];
    for (const [who, t] of [['HOME', home.token], ['TRUSTED peer', peer.token]] as const) {
      results.push(await load(`incidentStatistics (${who}), ${connections} connections`, {
        url: `${x.baseUrl}/graphql`, method: 'POST', body, connections, seconds,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${t}` },
      }));
    }
    printTable(results);
    // Requests autocannon left in flight when its time ran out finish before the pool closes.
    await new Promise((resolve) => setTimeout(resolve, 3000));
  } finally {
    await x.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
