/**
 * The cost of auditing a real ingest: generated indicators submitted over HTTP with submitBundle (validation,
 * versioning, observable index, policy columns, audit), with the audit write in place and with it replaced by
 * a no-op, in alternating blocks of the same run so table growth and warm-up weigh on both alike.
 * (bench/audit.ts measures the same against a bare multi-row insert, the harshest baseline.)
 * Usage: npm run build && node dist/bench/audit-ingest.js [--objects 40000 --batch 1000 --block 5]
 */
import { randomUUID } from 'node:crypto';
import { AuditService } from '../src/audit/audit.service';
import { ClientsService } from '../src/partners/clients.service';
import { PartnersService } from '../src/partners/partners.service';
import { generatedIndicator } from './ingest';
import { startBenchExchange } from './support/bench-exchange';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

async function main(): Promise<void> {
  const total = arg('objects', 40_000);
  const batch = arg('batch', 1000);
  const block = arg('block', 5);
  const x = await startBenchExchange({ STIX_MAX_BUNDLE_OBJECTS: String(batch) });
  try {
    const partner = await x.app.get(PartnersService).create({ name: 'Bench CERT', shortName: 'BENCH', kind: 'CERT', trust: 'TRUSTED' }, null);
    const { client, clientSecret } = await x.app.get(ClientsService).create({ partnerShortName: partner.shortName, roles: ['ANALYST'] }, null);
    const token = (
      (await (
        await fetch(`${x.baseUrl}/oauth/token`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ grant_type: 'client_credentials', client_id: client.clientId, client_secret: clientSecret! }),
        })
      ).json()) as { access_token: string }
    ).access_token;

    const audit = x.app.get(AuditService);
    const realRecordMany = audit.recordMany.bind(audit);
    const noOp: typeof audit.recordMany = async () => [];
    const query = `mutation($input: SubmitBundleInput!) { submitBundle(input: $input) { created } }`;
    const submit = async (objects: Record<string, unknown>[]) => {
      const r = await fetch(`${x.baseUrl}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query, variables: { input: { bundle: { type: 'bundle', id: `bundle--${randomUUID()}`, objects } } } }),
      });
      const body = (await r.json()) as { data?: { submitBundle: { created: number } } };
      if (body.data?.submitBundle.created !== objects.length) throw new Error(`bundle not stored: ${JSON.stringify(body)}`);
    };

    await submit([generatedIndicator(0)]); // warm-up
    const time = { on: 0, off: 0 };
    const count = { on: 0, off: 0 };
    let i = 1;
    for (let b = 0; i < total; b++) {
      const mode = Math.floor(b / block) % 2 === 0 ? 'on' : 'off';
      audit.recordMany = mode === 'on' ? realRecordMany : noOp;
      const objects = Array.from({ length: batch }, () => generatedIndicator(i++));
      const started = process.hrtime.bigint();
      await submit(objects);
      time[mode] += Number(process.hrtime.bigint() - started) / 1e9;
      count[mode] += objects.length;
    }
    audit.recordMany = realRecordMany;
    const on = count.on / time.on;
    const off = count.off / time.off;
    console.log(`audit cost on real ingest: ${total} indicators in bundles of ${batch}, alternating blocks of ${block} bundles`);
    console.table([
      { run: 'submitBundle, audited', objects: count.on, 'objects/s': Math.round(on) },
      { run: 'submitBundle, audit write a no-op', objects: count.off, 'objects/s': Math.round(off) },
    ]);
    console.log(`auditing costs ${((off / on - 1) * 100).toFixed(1)}% (target: under 15%)`);
    console.log(JSON.stringify({ bench: 'audit-ingest', audited: on, unaudited: off, cost: off / on - 1 }));
  } finally {
    await x.close();
  }
}

void main().catch((error) => {
  console.error(error);
  process.exit(1);
});
