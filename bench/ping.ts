/**
 * The ceiling later benchmarks compare against: a trivial GraphQL query (`{ ping }`, no authentication)
 * through the whole exchange stack, next to a raw node:http server answering the same bytes, same run.
 * Usage: npm run bench:ping [-- --seconds 10 --connections 50]
 */
import * as http from 'node:http';
import { startBenchExchange } from './support/bench-exchange';
import { load, printTable } from './support/load';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

async function main(): Promise<void> {
  const seconds = arg('seconds', 10);
  const connections = arg('connections', 50);
  const answer = JSON.stringify({ data: { ping: 'pong' } });
  const raw = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end(answer));
  });
  await new Promise<void>((resolve) => raw.listen(0, '127.0.0.1', resolve));
  const rawUrl = `http://127.0.0.1:${(raw.address() as { port: number }).port}/graphql`;
  const exchange = await startBenchExchange();
  const request = { method: 'POST' as const, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ ping }' }), connections, seconds };
  try {
    await load('warm-up', { ...request, url: `${exchange.baseUrl}/graphql`, seconds: 2 });
    const rawResult = await load('raw node:http', { ...request, url: rawUrl });
    const pingResult = await load('exchange { ping }', { ...request, url: `${exchange.baseUrl}/graphql` });
    console.log(`ping benchmark: ${connections} connections, ${seconds}s each, Node ${process.version}`);
    printTable([rawResult, pingResult], rawResult);
    console.log(JSON.stringify({ bench: 'ping', raw: rawResult, ping: pingResult }));
  } finally {
    await exchange.close();
    raw.close();
  }
}

void main().catch((error) => {
  console.error(error);
  process.exit(1);
});
