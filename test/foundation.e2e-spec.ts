import * as net from 'node:net';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { loadConfig } from '../src/config/app-config';
import { StartupError } from '../src/common/errors/startup-error';
import { openDatabase } from '../src/database/database-runtime';
import { createApp } from '../src/http/create-app';
import { listen } from '../src/http/listen';
import { createLogger } from '../src/logging/logger';
import { createTestDatabase } from './support/test-database';
import { gql } from './support/graphql-client';
import { startTestApp, type TestApp } from './support/test-app';

describe('foundation: the exchange serves over real HTTP on a real database', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('reports healthy when the database answers and migrations are applied', async () => {
    const response = await fetch(`${t.baseUrl}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok', database: 'up', migrations: 'applied' });
  });

  it('answers a GraphQL query and echoes a sane request id', async () => {
    const response = await fetch(`${t.baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'partner-req-42' },
      body: JSON.stringify({ query: '{ ping }' }),
    });
    expect(await response.json()).toEqual({ data: { ping: 'pong' } });
    expect(response.headers.get('x-request-id')).toBe('partner-req-42');
  });

  it('replaces an unsafe request id with its own', async () => {
    const response = await fetch(`${t.baseUrl}/health`, { headers: { 'x-request-id': 'bad id; drop table' } });
    expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('gives GraphQL errors a code and no stack trace', async () => {
    const r = await gql(t.baseUrl, '{ nope }');
    expect(r.errors?.[0]?.extensions).toEqual({ code: 'GRAPHQL_VALIDATION_FAILED' });
    expect(JSON.stringify(r.errors)).not.toMatch(/stacktrace|at .*\.js/);
  });

  it('exposes Prometheus metrics per operation', async () => {
    await gql(t.baseUrl, 'query PingForMetrics { ping }');
    const text = await (await fetch(`${t.baseUrl}/metrics`)).text();
    expect(text).toMatch(/cx_graphql_operations_total\{operation="ping",type="query",outcome="ok"\} \d+/);
    expect(text).not.toContain('PingForMetrics');
    expect(text).toMatch(/cx_http_requests_total\{method="POST",route="\/graphql",status="200"\}/);
    expect(text).toMatch(/cx_http_request_duration_seconds_bucket/);
  });
});

describe('foundation: start-up failures are one clear line', () => {
  it('names DATABASE_URL when the database cannot be reached', async () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' });
    await expect(openDatabase(config, () => undefined)).rejects.toThrow(
      new StartupError('cannot connect to the database at 127.0.0.1:1/none (DATABASE_URL): connect ECONNREFUSED 127.0.0.1:1'),
    );
  });

  it('names DATA_DIR when the data directory cannot be written', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'cx-')), 'a-file');
    writeFileSync(file, '');
    const config = loadConfig({ DATA_DIR: path.join(file, 'data') });
    await expect(openDatabase(config, () => undefined)).rejects.toThrow(/^data directory .* \(DATA_DIR\) is not writable: .*ENOTDIR/);
  });

  it('names PORT when the port is taken', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    const db = await createTestDatabase();
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' });
    const app = await createApp(config, db.url, createLogger('silent'));
    try {
      await expect(listen(app, port, '127.0.0.1')).rejects.toThrow(`port ${port} on 127.0.0.1 is already in use (PORT)`);
    } finally {
      await app.close();
      await db.drop();
      blocker.close();
    }
  });
});
