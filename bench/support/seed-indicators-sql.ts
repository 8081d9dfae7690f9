import type { Client } from 'pg';
import { TLP_LEVELS, TLP_MARKING_IDS } from '../../src/stix/tlp.constants';

/**
 * Seeds `total` indicators shaped like bench/ingest.ts's generatedIndicator (the five pattern kinds, a
 * TLP rotation with every fifth unmarked, ~560 bytes) straight into stix_objects and stix_observables with
 * set-based SQL, as the owner: seeding 1,000,000 objects over HTTP takes longer than this machine gives a
 * benchmark. Rows are what ingest would store (latest, observables normalised as observableValues does);
 * the look-up path under test is the same. Returns nothing; progress goes to stderr.
 */
export async function seedIndicatorsSql(owner: Client, partnerId: string, clientId: string, identityRef: string, total: number, chunk = 100_000): Promise<void> {
  const markings = TLP_LEVELS.map((l) => TLP_MARKING_IDS[l]);
  for (let from = 0; from < total; from += chunk) {
    const to = Math.min(total, from + chunk) - 1;
    await owner.query('BEGIN');
    await owner.query(
      `CREATE TEMP TABLE seed ON COMMIT DROP AS
       SELECT g AS i, 'indicator--' || gen_random_uuid() AS id, g % 5 AS kind,
              (ARRAY['CLEAR','GREEN','AMBER','AMBER+STRICT','RED'])[g % 5 + 1] AS level,
              (1 + floor(random() * 254))::int AS a, (1 + floor(random() * 254))::int AS b, (1 + floor(random() * 254))::int AS c,
              (1 + floor(random() * 254))::int AS d, md5(random()::text) || md5(random()::text) AS h,
              to_char(timestamptz '2026-11-01' + g * interval '1 second', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS ts
         FROM generate_series($1::int, $2::int) AS g`,
      [from, to],
    );
    await owner.query(
      `ALTER TABLE seed ADD COLUMN pattern text, ADD COLUMN ip text, ADD COLUMN cidr text, ADD COLUMN ip6 text, ADD COLUMN domain text, ADD COLUMN url text;
       UPDATE seed SET
         ip = CASE WHEN kind = 0 THEN format('%s.%s.%s.%s', a, b, c, d) END,
         cidr = CASE WHEN kind = 1 THEN format('%s.%s.%s.0/24', a, b, c) END,
         ip6 = CASE WHEN kind = 1 THEN format('2001:db8:%s::/48', substr(h, 1, 4)) END,
         domain = CASE WHEN kind = 2 THEN format('c2-%s.example-bad%s.com', substr(h, 1, 8), i % 97) END,
         url = CASE WHEN kind = 3 THEN format('http://dl-%s.example.net/%s/payload.bin', substr(h, 1, 6), substr(h, 7, 10)) END;
       UPDATE seed SET pattern = CASE kind
         WHEN 0 THEN format('[ipv4-addr:value = ''%s'']', ip)
         WHEN 1 THEN format('[ipv4-addr:value = ''%s''] OR [ipv6-addr:value = ''%s'']', cidr, ip6)
         WHEN 2 THEN format('[domain-name:value = ''%s'']', domain)
         WHEN 3 THEN format('[url:value = ''%s'']', url)
         ELSE format('[file:hashes.''SHA-256'' = ''%s'' AND file:name = ''invoice_%s.exe'']', h, i) END`,
    );
    await owner.query(
      `CREATE TEMP TABLE seeded ON COMMIT DROP AS WITH ins AS (
         INSERT INTO stix_objects (id, type, spec_version, created, modified, modified_text, revoked, created_by_ref, labels, object, tlp,
           owner_partner_id, submitted_by_partner_id, submitted_by_client_id, channel, is_latest)
         SELECT id, 'indicator', '2.1', ts::timestamptz, ts::timestamptz, ts, false, $3::text, ARRAY['campaign-' || (i % 50), 'bench'],
           jsonb_strip_nulls(jsonb_build_object('type', 'indicator', 'spec_version', '2.1', 'id', id, 'created', ts, 'modified', ts,
             'name', format('%s indicator %s', (ARRAY['ip','cidr','domain','url','sha256'])[kind + 1], i),
             'description', format('Seen in campaign %s against regional finance; block at the perimeter.', i % 50),
             'indicator_types', jsonb_build_array('malicious-activity'), 'pattern', pattern, 'pattern_type', 'stix', 'valid_from', ts,
             'labels', jsonb_build_array('campaign-' || (i % 50), 'bench'), 'confidence', 70, 'created_by_ref', $3::text,
             'object_marking_refs', CASE WHEN i % 5 = 4 THEN NULL ELSE jsonb_build_array(($4::text[])[i % 5 + 1]) END)),
           CASE WHEN i % 5 = 4 THEN NULL ELSE level END, $1::uuid, $1::uuid, $2::text, 'graphql', true
         FROM seed
         RETURNING seq, id)
       SELECT ins.seq, seed.* FROM ins JOIN seed USING (id)`,
      [partnerId, clientId, identityRef, markings],
    );
    await owner.query(
      `INSERT INTO stix_observables (object_seq, kind, value, cidr, hash_algorithm)
       SELECT seq, 'ipv4', ip, ip::cidr, NULL FROM seeded WHERE kind = 0
       UNION ALL SELECT seq, 'ipv4', cidr, cidr::cidr, NULL FROM seeded WHERE kind = 1
       UNION ALL SELECT seq, 'ipv6', ip6, ip6::cidr, NULL FROM seeded WHERE kind = 1
       UNION ALL SELECT seq, 'domain', domain, NULL, NULL FROM seeded WHERE kind = 2
       UNION ALL SELECT seq, 'url', url, NULL, NULL FROM seeded WHERE kind = 3
       UNION ALL SELECT seq, 'file-hash', h, NULL, 'SHA-256' FROM seeded WHERE kind = 4`,
    );
    await owner.query('COMMIT');
    process.stderr.write(`seeded ${to + 1} of ${total}\n`);
  }
}
