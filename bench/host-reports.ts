/**
 * Host-report import throughput and memory: registers 50,000 prefixes across 50 ISPs, writes CSV feeds of
 * growing size to disk and imports each through the real service (streamed, in batches of HOST_REPORTS_BATCH_SIZE rows, one
 * storing statement per batch), printing rows/s, peak memory and the CPU time of Node and of the database per size
 * — memory should stay flat as files grow.
 * Usage: npm run bench:host-reports -- [--rows 1000000 --prefixes 50000 --steps 3 --batch 20000]
 */
import { once } from 'node:events';
import { createWriteStream, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { cliHomeActor, fileSource, HostNetworksService, HostReportFeedsService, HostReportImportService } from '../src/host-reports';
import { HomeBootstrapService } from '../src/partners/home-bootstrap.service';
import { PartnersService } from '../src/partners/partners.service';
import { startBenchExchange } from './support/bench-exchange';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

/** A small deterministic generator, so runs are comparable. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** 50,000 distinct /24s in 1.0.0.0–223.255.255.0, plus a covering /16 for every tenth (overlaps: the /24 wins). */
function prefixes(count: number): string[][] {
  const random = rng(42);
  const seen = new Set<number>();
  const out: string[] = [];
  while (out.length < count) {
    const n = 0x010000 + Math.floor(random() * (0xdf0000 - 0x010000));
    if (seen.has(n)) continue;
    seen.add(n);
    out.push(`${n >> 16}.${(n >> 8) & 255}.${n & 255}.0/24`);
  }
  const covering = new Set(out.filter((_, i) => i % 10 === 0).map((p) => `${p.split('.').slice(0, 2).join('.')}.0.0/16`));
  const lists: string[][] = Array.from({ length: 50 }, () => []);
  out.forEach((p, i) => lists[i % 50]!.push(p));
  [...covering].forEach((p, i) => lists[(i + 7) % 50]!.push(p));
  return lists;
}

async function writeFeed(file: string, rows: number, registered: string[]): Promise<void> {
  const random = rng(rows);
  const threats = ['mirai', 'conficker', 'gozi', 'emotet', 'qakbot', 'avalanche-andromeda', 'ssh-bruteforce', 'open-resolver', 'zeus', 'necurs'];
  const out = createWriteStream(file);
  out.write('timestamp,ip,port,asn,infection\n');
  const now = Date.now();
  for (let i = 0; i < rows; i++) {
    const inside = random() < 0.8;
    const base = inside ? registered[Math.floor(random() * registered.length)]!.split('.').slice(0, 3).join('.') : `${224 - 1 - Math.floor(random() * 3)}.${Math.floor(random() * 256)}.${Math.floor(random() * 256)}`;
    const ip = `${base}.${1 + Math.floor(random() * 254)}`;
    const at = new Date(now - Math.floor(random() * 3 * 86_400_000) - 60_000).toISOString();
    if (!out.write(`${at},${ip},${Math.floor(random() * 65536)},,${threats[Math.floor(random() * threats.length)]}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

/**
 * CPU seconds (user + system) used so far by the backends connected to the bench's database, from Linux
 * /proc (NaN elsewhere). On a shared machine CPU time varies far less than wall time, so it tells whether a
 * change made the database's work cheaper when rows/s is blurred by other load.
 */
async function databaseCpu(url: string): Promise<number> {
  const { Client } = await import('pg');
  const c = new Client({ connectionString: url });
  await c.connect();
  const { rows } = await c.query(`SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`);
  await c.end();
  let ticks = 0;
  for (const { pid } of rows as { pid: number }[]) {
    try {
      // Fields after the command: state is [0]; utime and stime are [11] and [12], in clock ticks (100 a second).
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      ticks += Number(stat[11]) + Number(stat[12]);
    } catch {
      return NaN;
    }
  }
  return ticks / 100;
}

async function main(): Promise<void> {
  const maxRows = arg('rows', 1_000_000);
  const prefixCount = arg('prefixes', 50_000);
  const steps = arg('steps', 3);
  const dir = mkdtempSync(path.join(tmpdir(), 'cx-bench-hr-'));
  // --batch N sets HOST_REPORTS_BATCH_SIZE for this run (default: the configured default).
  const exchange = await startBenchExchange(process.argv.includes('--batch') ? { HOST_REPORTS_BATCH_SIZE: String(arg('batch', 0)) } : {});
  try {
    const app = exchange.app;
    await app.get(HomeBootstrapService).ensureHome();
    const actor = await cliHomeActor(app.get(PartnersService));
    const lists = prefixes(prefixCount);
    let t0 = Date.now();
    for (let i = 0; i < lists.length; i++) {
      const shortName = `ISP-${i + 1}`;
      await app.get(PartnersService).create({ name: `Bench ISP ${i + 1}`, shortName, kind: 'ISP', trust: 'COMMUNITY' }, null);
      await app.get(HostNetworksService).add(actor, shortName, lists[i]!);
    }
    const registered = lists.flat().filter((p) => p.endsWith('/24'));
    console.log(`registered ${lists.flat().length} prefixes (${registered.length} /24 and covering /16s) for 50 ISPs in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    await app.get(HostReportFeedsService).save(actor, { name: 'bench', format: 'CSV', partial: true, mapping: { columns: { timestamp: 'timestamp', ip: 'ip', port: 'port', asn: 'asn', threat: 'infection' } } });

    console.log('rows       MB     seconds  rows/s    accepted  duplicates  unrouted  peak RSS MB  peak heap MB  node CPU s  db CPU s');
    for (let step = steps - 1; step >= 0; step--) {
      const rows = Math.round(maxRows / 2 ** step);
      const file = path.join(dir, `feed-${rows}.csv`);
      await writeFeed(file, rows, registered);
      global.gc?.();
      let peakRss = 0, peakHeap = 0;
      const sample = () => {
        const m = process.memoryUsage();
        peakRss = Math.max(peakRss, m.rss);
        peakHeap = Math.max(peakHeap, m.heapUsed);
      };
      const timer = setInterval(sample, 50);
      const dbCpu0 = await databaseCpu(exchange.databaseUrl);
      const nodeCpu0 = process.cpuUsage();
      t0 = Date.now();
      const record = await app.get(HostReportImportService).import(actor, 'bench', await fileSource(file));
      const seconds = (Date.now() - t0) / 1000;
      const nodeCpu = process.cpuUsage(nodeCpu0);
      const dbCpu = (await databaseCpu(exchange.databaseUrl)) - dbCpu0;
      clearInterval(timer);
      sample();
      const mb = (n: number) => (n / 1024 / 1024).toFixed(0);
      console.log(
        [String(rows).padEnd(10), mb(statSync(file).size).padEnd(6), seconds.toFixed(1).padEnd(8), String(Math.round(rows / seconds)).padEnd(9), String(record.accepted).padEnd(9), String(record.duplicates).padEnd(11), String(record.unrouted).padEnd(9), mb(peakRss).padEnd(12), mb(peakHeap).padEnd(13), ((nodeCpu.user + nodeCpu.system) / 1e6).toFixed(1).padEnd(11), dbCpu.toFixed(1)].join(' '),
      );
      rmSync(file);
    }
  } finally {
    await exchange.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
