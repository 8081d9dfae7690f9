import autocannon from 'autocannon';

export interface LoadResult {
  readonly label: string;
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly errors: number;
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
}

/** Bounded load on loopback: a fixed number of seconds, then it stops by itself. */
export async function load(label: string, options: LoadOptions): Promise<LoadResult> {
  const result = await autocannon({
    url: options.url,
    method: options.method ?? 'GET',
    headers: options.headers,
    body: options.body,
    requests: options.requests as autocannon.Request[] | undefined,
    connections: options.connections ?? 50,
    duration: options.seconds ?? 10,
  });
  const errors = result.errors + result.non2xx + result.timeouts;
  return { label, requestsPerSecond: result.requests.average, p50Ms: result.latency.p50, p99Ms: result.latency.p99, errors };
}

export function printTable(results: LoadResult[], ceiling?: LoadResult): void {
  const rows = results.map((r) => ({
    run: r.label,
    'req/s': Math.round(r.requestsPerSecond),
    'p50 ms': r.p50Ms,
    'p99 ms': r.p99Ms,
    errors: r.errors,
    ...(ceiling ? { 'of ceiling': `${((100 * r.requestsPerSecond) / ceiling.requestsPerSecond).toFixed(1)}%` } : {}),
  }));
  console.table(rows);
}
