import { Client } from 'pg';
import { gql } from '../support/graphql-client';
import { aPartner, tokenFor } from '../support/partners';
import { startTestApp, type TestApp } from '../support/test-app';
import { asOwner } from '../support/test-database';
import { anIncident, createIncident, transition } from './incident-fixtures';

interface Seed {
  reportedAt: Date;
  category: string;
  subcategory: string;
  source: string;
  tlp: string;
  exercise: boolean;
}

const SUBCATEGORIES: Record<string, string[]> = {
  VIRUS: ['MALWARE_HOSTING', 'RANSOMWARE', 'BOTNET_C2'],
  SECURITY: ['PHISHING', 'WEBSITE_DEFACEMENT', 'DDOS', 'INTRUSION', 'DATA_LEAK', 'SCAM_FRAUD'],
  OTHER: ['OTHER'],
};

/** HKCERT 2009: 337 virus, 961 security, 6 other; spread over the months; every 10th security incident TLP:RED. */
function year2009(): Seed[] {
  const seeds: Seed[] = [];
  for (const [category, n] of [['VIRUS', 337], ['SECURITY', 961], ['OTHER', 6]] as const) {
    for (let i = 0; i < n; i++) {
      const subs = SUBCATEGORIES[category]!;
      seeds.push({
        reportedAt: new Date(Date.UTC(2009, (i * 7) % 12, 1 + (i % 28), i % 24)),
        category,
        subcategory: subs[i % subs.length]!,
        source: i % 3 === 0 ? 'PROACTIVE' : 'REPORTED',
        tlp: category === 'SECURITY' && i % 10 === 0 ? 'RED' : 'GREEN',
        exercise: false,
      });
    }
  }
  return seeds;
}

/** Reporting times near a month or year end, each with its offset as a reporter would give it. */
const BOUNDARIES = ['2012-01-01T00:30:00+01:00', '2012-01-31T23:30:00-08:00', '2012-01-31T23:59:59.999Z', '2012-12-31T23:30:00-08:00'];

/** One multi-row INSERT as the owner (test-only): statistics are about counting, not about creating. */
async function seed(url: string, owner: string, rows: Seed[], prefix: string): Promise<void> {
  await asOwner(url, async (db) => {
    await db.query(
      `INSERT INTO incidents (reference, title, category, subcategory, severity, source, status, stix_id, stix_modified, exercise,
         reported_at, updated_at, created_by_client_id, tlp, owner_partner_id)
       SELECT $1 || '-' || r.n, 'seeded', r.category, r.subcategory, 'LOW', r.source, 'CLOSED', 'incident--' || gen_random_uuid(), r.at, r.exercise,
              r.at, r.at, 'seed', r.tlp, $2
         FROM unnest($3::timestamptz[], $4::text[], $5::text[], $6::text[], $7::text[], $8::boolean[]) WITH ORDINALITY
              AS r(at, category, subcategory, source, tlp, exercise, n)`,
      [prefix, owner, rows.map((r) => r.reportedAt), rows.map((r) => r.category), rows.map((r) => r.subcategory), rows.map((r) => r.source), rows.map((r) => r.tlp), rows.map((r) => r.exercise)],
    );
  });
}

const QUERY = `query($y: Int!, $x: Boolean) { incidentStatistics(year: $y, exercise: $x) {
  year exercise total advisories byCategory { category count } bySource { source count } bySubcategory { subcategory count }
  months { month total byCategory { category count } } cells { month category subcategory source count } } }`;

type Stats = {
  total: number;
  advisories: number;
  byCategory: { category: string; count: number }[];
  bySource: { source: string; count: number }[];
  bySubcategory: { subcategory: string; count: number }[];
  months: { month: number; total: number; byCategory: { category: string; count: number }[] }[];
  cells: { count: number }[];
};

describe('incidentStatistics', () => {
  let t: TestApp;
  let tokens: { home: string; peer: string; public: string };
  const seeded = year2009();

  beforeAll(async () => {
    // Every session (the app's pool and ours) in Los Angeles time: a month taken in the session's zone
    // instead of UTC would move the incidents of a UTC month's first hours into the previous month.
    t = await startTestApp({}, { beforeStart: (db) => asOwner(db.url, (c) => c.query(`ALTER DATABASE ${db.name} SET TimeZone = 'America/Los_Angeles'`)) });
    const home = await aPartner(t.app, { kind: 'HOME', roles: ['READER'] });
    tokens = {
      home: await tokenFor(t.baseUrl, home),
      peer: await tokenFor(t.baseUrl, await aPartner(t.app, { trust: 'TRUSTED', roles: ['READER'] })),
      public: await tokenFor(t.baseUrl, await aPartner(t.app, { trust: 'PUBLIC', roles: ['READER'] })),
    };
    const drills = Array.from({ length: 40 }, (_, i) => ({ ...seeded[i]!, exercise: true }));
    const nextYear = Array.from({ length: 10 }, (_, i) => ({ ...seeded[i]!, reportedAt: new Date(Date.UTC(2010, 0, 1 + i)) }));
    const boundaries = BOUNDARIES.map((at) => ({ ...seeded[0]!, reportedAt: new Date(at) }));
    await seed(t.db.url, home.partnerId, [...seeded, ...drills, ...nextYear, ...boundaries], 'SEED-2009');
    // HKCERT published 220 advisories in 2009.
    const db = new Client({ connectionString: t.db.url });
    await db.connect();
    await db
      .query(`INSERT INTO advisories (stix_id, title, published_at, tlp, owner_partner_id) SELECT 'report--' || gen_random_uuid(), 'a', timestamptz '2009-01-01Z' + n * interval '1 day', 'CLEAR', $1 FROM generate_series(0, 219) n`, [home.partnerId])
      .finally(() => db.end());
  });
  afterAll(() => t.close());

  const stats = async (token: string, year: number, exercise?: boolean): Promise<Stats> => {
    const r = await gql<{ incidentStatistics: Stats }>(t.baseUrl, QUERY, { y: year, x: exercise }, token);
    if (!r.data) throw new Error(JSON.stringify(r.errors));
    return r.data.incidentStatistics;
  };

  it('gives HOME exactly the 2009 figures: 1,304 incidents, 337 / 961 / 6, and 220 advisories', async () => {
    const s = await stats(tokens.home, 2009);
    expect(s.total).toBe(1304);
    expect(s.byCategory).toEqual([{ category: 'VIRUS', count: 337 }, { category: 'SECURITY', count: 961 }, { category: 'OTHER', count: 6 }]);
    expect(s.advisories).toBe(220);
    expect(s.cells.reduce((n, c) => n + c.count, 0)).toBe(1304);
  });

  it('counts each month × category exactly as seeded, and each source and subcategory', async () => {
    const s = await stats(tokens.home, 2009);
    for (let month = 1; month <= 12; month++) {
      const inMonth = seeded.filter((r) => r.reportedAt.getUTCMonth() === month - 1);
      const expected = ['VIRUS', 'SECURITY', 'OTHER'].map((category) => ({ category, count: inMonth.filter((r) => r.category === category).length }));
      expect(s.months[month - 1]).toEqual({ month, total: inMonth.length, byCategory: expected });
    }
    expect(s.bySource).toEqual(['REPORTED', 'PROACTIVE'].map((source) => ({ source, count: seeded.filter((r) => r.source === source).length })));
    expect(s.bySubcategory.find((x) => x.subcategory === 'PHISHING')?.count).toBe(seeded.filter((r) => r.subcategory === 'PHISHING').length);
  });

  it('never counts drills with real incidents, and counts only drills when asked', async () => {
    expect((await stats(tokens.home, 2009, true)).total).toBe(40);
    expect((await stats(tokens.home, 2010)).total).toBe(10);
  });

  it('counts for a partner only what it can see', async () => {
    const red = seeded.filter((r) => r.tlp === 'RED').length;
    const peer = await stats(tokens.peer, 2009);
    expect(peer.total).toBe(1304 - red);
    expect(peer.byCategory).toEqual([{ category: 'VIRUS', count: 337 }, { category: 'SECURITY', count: 961 - red }, { category: 'OTHER', count: 6 }]);
    // TLP:GREEN needs COMMUNITY trust: a PUBLIC partner sees none of these incidents, only the CLEAR advisories.
    const pub = await stats(tokens.public, 2009);
    expect(pub.total).toBe(0);
    expect(pub.advisories).toBe(220);
  });

  it('takes months and years in UTC, whatever the time zone of the database session', async () => {
    const zone = await asOwner(t.db.url, (c) => c.query('SHOW TimeZone'));
    expect(zone.rows[0].TimeZone).toBe('America/Los_Angeles');
    const months = (s: Stats) => s.months.map((m) => m.total);
    // 2012-01-01T00:30+01:00 is 2011-12-31 UTC: December 2011.
    expect(months(await stats(tokens.home, 2011))).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
    // 2012-01-31T23:30-08:00 is 1 February UTC; 23:59:59.999Z on 31 January is still January.
    expect(months(await stats(tokens.home, 2012))).toEqual([1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    // 2012-12-31T23:30-08:00 is 2013 UTC.
    expect(months(await stats(tokens.home, 2013))).toEqual([1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
  });

  it('keeps the rollup equal to counting the incidents, through API changes, bulk updates, deletes and a failed write', async () => {
    const analyst = await tokenFor(t.baseUrl, await aPartner(t.app, { kind: 'HOME', roles: ['ANALYST'] }));
    const year = new Date().getUTCFullYear();
    const before = await stats(tokens.peer, year);
    const made = await createIncident(t.baseUrl, analyst, anIncident({ tlp: 'AMBER' }));
    expect((await stats(tokens.peer, year)).total).toBe(before.total + 1);
    const moved = await gql(t.baseUrl, `mutation($id: ID!) { updateIncident(id: $id, input: {category: VIRUS, subcategory: RANSOMWARE, tlp: RED}) { id } }`, { id: made.id }, analyst);
    expect(moved.errors).toBeUndefined();
    await transition(t.baseUrl, analyst, made.id, 'TRIAGED');
    // RED now: the peer no longer counts it; HOME counts it as ransomware.
    expect((await stats(tokens.peer, year)).total).toBe(before.total);
    expect((await stats(tokens.home, year)).bySubcategory.find((c) => c.subcategory === 'RANSOMWARE')!.count).toBeGreaterThanOrEqual(1);

    const home = (await asOwner(t.db.url, (c) => c.query(`SELECT id FROM partners WHERE kind = 'HOME'`))).rows[0].id as string;
    await seed(t.db.url, home, Array.from({ length: 100 }, (_, i) => ({ ...seeded[i]!, reportedAt: new Date(Date.UTC(2015, i % 12, 1 + (i % 28))) })), 'R2015');
    await asOwner(t.db.url, async (c) => {
      await c.query(`UPDATE incidents SET category = 'OTHER', subcategory = 'OTHER', reported_at = reported_at + interval '40 days' WHERE reference LIKE 'R2015-%1'`);
      await c.query(`DELETE FROM incidents WHERE reference LIKE 'R2015-%2'`);
      // A statement that fails part-way leaves the figures as they were.
      await expect(c.query(`UPDATE incidents SET category = CASE WHEN reference LIKE 'R2015-%3' THEN 'BOGUS' ELSE 'OTHER' END WHERE reference LIKE 'R2015-%'`)).rejects.toThrow();
    });
    expect((await stats(tokens.home, 2015)).total + (await stats(tokens.home, 2016)).total).toBe(90);

    const key = `month, category, subcategory, source, exercise, tlp, audience_partners, audience_groups, owner_partner_id`;
    const [rollup, direct] = await asOwner(t.db.url, (c) =>
      Promise.all([
        c.query(`SELECT ${key}, n FROM incident_figures WHERE n > 0 ORDER BY ${key}`),
        c.query(
          `SELECT CAST(date_trunc('month', reported_at AT TIME ZONE 'UTC') AS date) AS month, category, subcategory, source, exercise, tlp, audience_partners,
                  audience_groups, owner_partner_id, CAST(count(*) AS int) AS n FROM incidents GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9 ORDER BY ${key}`,
        ),
      ]),
    );
    expect(rollup.rows.length).toBeGreaterThan(50);
    expect(rollup.rows).toEqual(direct.rows);
  });

  it('refuses a year out of range with BAD_USER_INPUT', async () => {
    const r = await gql(t.baseUrl, QUERY, { y: 20090 }, tokens.home);
    expect(r.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
