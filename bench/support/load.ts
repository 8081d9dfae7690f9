import { readdirSync, readFileSync } from 'node:fs';
import autocannon from 'autocannon';

export interface LoadResult {
  readonly label: string;
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly errors: number;
  /**
   * CPU per request in milliseconds: this process (exchange and load generator together) plus, when
   * `database` is given, the PostgreSQL backends serving it (Linux /proc). On a shared, busy machine
   * requests/s swing with the neighbours; CPU per request mostly does not.
   */
  readonly cpuMsPerRequest?: number;
  /** Of which in the PostgreSQL backends. */
  readonly dbCpuMsPerRequest?: number;
}

export interface LoadOptions {
  readonly url: string;
  readonly method?: 'GET' | 'POST';
  readonly headers?: Record<string, string>;
  readonly body?: string;
  readonly connections?: number;
  readonly seconds?: number;
  /** Per-request bodies (e.g. a different value each time); overrides body. */
  readonly requests?: { body?: string; setupRequest?: (req: Record<string, unknown>) => Record<string, unknown> }[];
  /** The database whose backends' CPU counts towards cpuMsPerRequest. */
  readonly database?: string;
}

/** Bounded load on loopback: a fixed number of seconds, then it stops by itself. */
export async function load(label: string, options: LoadOptions): Promise<LoadResult> {
  return (await alternate([{ label, options }], 1))[0]!;
}

/**
 * Several loads measured in alternation: `rounds` rounds, each running every load in turn for its seconds
 * divided by `rounds`, so that a shared machine's drift falls on all of them alike (measured one after the
 * other, `{ ping }` alone moved by 2× between runs of the same code, and with it every "share of ping").
 * The figures cover every round: requests/s over the summed time, p50 and p99 from every response's latency,
 * CPU per request over all requests.
 */
export async function alternate(loads: readonly { label: string; options: LoadOptions }[], rounds: number): Promise<LoadResult[]> {
  const tallies = loads.map(() => ({ requests: 0, seconds: 0, errors: 0, ownMs: 0, databaseMs: 0, latencies: [] as number[] }));
  for (let round = 0; round < rounds; round++) {
    for (const [i, { options }] of loads.entries()) {
      const tally = tallies[i]!;
      const before = cpuMs(options.database);
      const result = await new Promise<autocannon.Result>((resolve, reject) => {
        const instance = autocannon(
          {
            url: options.url,
            method: options.method ?? 'GET',
            headers: options.headers,
            body: options.body,
            requests: options.requests as autocannon.Request[] | undefined,
            connections: options.connections ?? 50,
            duration: (options.seconds ?? 10) / rounds,
          },
          (error, done) => (error ? reject(error) : resolve(done)),
        );
        instance.on('response', (_client, _status, _bytes, responseTime: number) => tally.latencies.push(responseTime));
      });
      const after = cpuMs(options.database);
      tally.requests += result.requests.total;
      tally.seconds += result.duration;
      tally.errors += result.errors + result.non2xx + result.timeouts;
      tally.ownMs += after.own - before.own;
      tally.databaseMs += after.database - before.database;
    }
  }
  return loads.map(({ label, options }, i) => {
    const t = tallies[i]!;
    const sorted = Float64Array.from(t.latencies).sort();
    const percentile = (p: number) => (sorted.length > 0 ? Math.round(sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!) : NaN);
    const perRequest = (ms: number) => (t.requests > 0 ? ms / t.requests : undefined);
    return {
      label,
      requestsPerSecond: t.requests / t.seconds,
      p50Ms: percentile(0.5),
      p99Ms: percentile(0.99),
      errors: t.errors,
      cpuMsPerRequest: perRequest(t.ownMs + t.databaseMs),
      ...(options.database ? { dbCpuMsPerRequest: perRequest(t.databaseMs) } : {}),
    };
  });
}

/** CPU milliseconds used so far by this process and by the PostgreSQL backends connected to `database`. */
function cpuMs(database: string | undefined): { own: number; database: number } {
  const usage = process.cpuUsage();
  const own = (usage.user + usage.system) / 1000;
  let total = 0;
  if (!database) return { own, database: 0 };
  const ticks = 100; // USER_HZ on Linux
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (!cmdline.startsWith('postgres:') || !cmdline.includes(` ${database} `)) continue;
      // Fields after the command name "(...)": utime and stime are the 12th and 13th.
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      total += ((Number(fields[11]) + Number(fields[12])) * 1000) / ticks;
    } catch {
      // The process ended between listing and reading: its CPU is lost to the count (rare, short-lived).
    }
  }
  return { own, database: total };
}

export function printTable(results: LoadResult[], ceiling?: LoadResult): void {
  const rows = results.map((r) => ({
    run: r.label,
    'req/s': Math.round(r.requestsPerSecond),
    'p50 ms': r.p50Ms,
    'p99 ms': r.p99Ms,
    errors: r.errors,
    ...(r.cpuMsPerRequest !== undefined ? { 'CPU ms/req': +r.cpuMsPerRequest.toFixed(2) } : {}),
    ...(r.dbCpuMsPerRequest !== undefined ? { 'of which DB': +r.dbCpuMsPerRequest.toFixed(2) } : {}),
    ...(ceiling ? { 'of ceiling': `${((100 * r.requestsPerSecond) / ceiling.requestsPerSecond).toFixed(1)}%` } : {}),
  }));
  console.table(rows);
}
