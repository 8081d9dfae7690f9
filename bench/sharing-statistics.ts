/**
 * sharingStatistics over a year of STIX object versions from HOME and many partners: the "shared"
 * half joins every partner to every version of the range under the policy, so its cost grows with
 * partners × versions. Seeds by SQL (the benchmark is about counting), asks through GraphQL as HOME.
 * Usage: npm run build && node dist/bench/sharing-statistics.js [--objects 300000 --partners 40]
 */
import { TLP_LEVELS } from '../src/policy';
import { PartnersService } from '../src/partners/partners.service';
import { startBenchExchange } from './support/bench-exchange';
import { benchToken } from './support/bench-token';
import { withOwner } from './support/owner-connection';

const YEAR = 2025;
const QUERY = `query($from: String!, $to: String!) { sharingStatistics(from: $from, to: $to) { partner months { month shared received } } }`;
const TRUSTS = ['PUBLIC', 'COMMUNITY', 'TRUSTED', 'CLOSE'] as const;

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

/**
 * One INSERT as the owner: versions spread over the year, owners and submitters among HOME and the
 * partners, every marking, one in ten with an audience of two partners, one in twenty to a group.
 */
async function seed(databaseUrl: string, partnerIds: string[], n: number): Promise<void> {
  await withOwner(databaseUrl, async (db) => {
    await db.query(
      `INSERT INTO stix_objects (id, type, spec_version, created, modified, object, tlp, audience_partners, audience_groups, owner_partner_id,
         submitted_by_partner_id, submitted_by_client_id, channel, received_at, is_latest)
       SELECT 'indicator--' || gen_random_uuid(), 'indicator', '2.1', at, at, '{"type":"indicator"}', ($3::text[])[1 + i % 5],
              CASE WHEN i % 10 = 0 THEN ARRAY[($2::uuid[])[1 + i % p], ($2::uuid[])[1 + (i / 7) % p]] END,
              CASE WHEN i % 20 = 5 THEN ARRAY['APCERT'] END,
              ($2::uuid[])[1 + (i / 3) % p], ($2::uuid[])[1 + (i / 3) % p], 'bench', (ARRAY['graphql','taxii','sync'])[1 + i % 3], at, true
         FROM generate_series(1, $1::int) i, LATERAL (SELECT cardinality($2::uuid[]) AS p) c,
              LATERAL (SELECT timestamptz '${YEAR}-01-01Z' + (i % 365) * interval '1 day' + (i % 86400) * interval '1 second') t(at)`,
      [n, partnerIds, TLP_LEVELS],
    );
    await db.query('ANALYZE stix_objects');
  });
}

async function main(): Promise<void> {
  const n = arg('objects', 300_000);
  const partnerCount = arg('partners', 40);
  const x = await startBenchExchange();
  try {
    const home = await benchToken(x, 'HOME', 'CLOSE', ['READER']);
    const partners = x.app.get(PartnersService);
    const ids = [home.partnerId];
    for (let i = 0; i < partnerCount; i++) {
      const p = await partners.create({ name: `Bench partner ${i}`, shortName: `BSHARE${i}`, kind: 'CERT', trust: TRUSTS[i % 4]!, groups: i % 3 === 0 ? ['APCERT'] : [] }, null);
      ids.push(p.id);
    }
    const seeding = Date.now();
    await seed(x.databaseUrl, ids, n);
    console.log(`seeded ${n} object versions from HOME and ${partnerCount} partners in ${Date.now() - seeding} ms`);
    const times: number[] = [];
    let shared = 0;
    for (let i = 0; i < 12; i++) {
      const start = process.hrtime.bigint();
      const response = await fetch(`${x.baseUrl}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${home.token}` },
        body: JSON.stringify({ query: QUERY, variables: { from: `${YEAR}-01`, to: `${YEAR}-12` } }),
      });
      const body = (await response.json()) as { data?: { sharingStatistics: { months: { shared: number }[] }[] }; errors?: unknown };
      if (!body.data) throw new Error(JSON.stringify(body.errors));
      shared = body.data.sharingStatistics.reduce((s, p) => s + p.months.reduce((t, m) => t + m.shared, 0), 0);
      if (i >= 2) times.push(Number(process.hrtime.bigint() - start) / 1e6); // two warm-ups
    }
    times.sort((a, b) => a - b);
    console.log(`sharingStatistics (12 months, ${partnerCount} partners): ${shared} partner × version pairs shared; p50 ${Math.round(times[5]!)} ms, max ${Math.round(times.at(-1)!)} ms`);
  } finally {
    await x.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
