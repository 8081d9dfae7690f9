/**
 * Peer sync throughput: the time for one exchange to pull N objects (default 100,000) from a peer exchange
 * on the same machine (TAXII pages over HTTP → the normal ingest, cursor and origins committed per page),
 * against ingesting the same objects locally through the same pipeline (StixStoreService.submitBundle in
 * bundles of the page size), same run, same PostgreSQL. Target: the pull within 1.5× the local ingest.
 * Usage: npm run build && node dist/bench/sync.js [--objects 100000 --page 1000]
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { ActorService } from '../src/auth/actor.service';
import { ClientsService } from '../src/partners/clients.service';
import { HomeBootstrapService } from '../src/partners/home-bootstrap.service';
import { PartnersService } from '../src/partners/partners.service';
import { StixStoreService } from '../src/stix/store/stix-store.service';
import { TLP_MARKING_IDS } from '../src/stix/tlp.constants';
import { uuidV5 } from '../src/stix/uuid5';
import { PeersService } from '../src/sync/peers.service';
import { SyncRunner } from '../src/sync/sync-runner.service';
import { startBenchPostgres, startExchangeOn, type BenchExchange } from './support/bench-exchange';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

const LEVELS = ['CLEAR', 'GREEN', 'AMBER'] as const;

/** An indicator of ~550 bytes that a TRUSTED peer may see. */
function anIndicator(i: number): Record<string, unknown> {
  const at = new Date(Date.UTC(2026, 10, 1) + i * 1000).toISOString();
  const ip = `${10 + (i >> 24)}.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
  return {
    type: 'indicator', spec_version: '2.1', id: `indicator--${randomUUID()}`, created: at, modified: at, name: `C2 server ${ip}`,
    description: `Seen in campaign ${i % 50} against regional finance; block at the perimeter.`, indicator_types: ['malicious-activity'],
    pattern: `[ipv4-addr:value = '${ip}']`, pattern_type: 'stix', valid_from: at, labels: [`campaign-${i % 50}`, 'bench'],
    object_marking_refs: [TLP_MARKING_IDS[LEVELS[i % 3]!]], confidence: 70,
  };
}

/** One exchange of the pair, as its HOME names it, on a database of its own on the shared server. */
async function exchange(serverUrl: string, name: string, env: Record<string, string>): Promise<Omit<BenchExchange, 'close'>> {
  const running = await startExchangeOn(serverUrl, `cx_bench_sync_${name.toLowerCase()}_${process.pid}`, {
    DATABASE_POOL_SIZE: '10',
    JOBS_ENABLED: 'false',
    HOME_PARTNER_SHORT_NAME: name,
    ...env,
  });
  await running.app.get(HomeBootstrapService).ensureHome();
  return running;
}

async function main(): Promise<void> {
  const n = arg('objects', 100_000);
  const page = arg('page', 1000);
  const pg = await startBenchPostgres();
  const source = await exchange(pg.serverUrl, 'CNCERT', {});
  const target = await exchange(pg.serverUrl, 'HKCERT', { SYNC_SECRET_KEY: randomBytes(32).toString('hex') });
  try {
    // The source's producer, and HKCERT's SYNC client there; CNCERT as a TRUSTED partner at HKCERT.
    const sp = source.app.get(PartnersService);
    const producer = await sp.create({ name: 'Bench producer', shortName: 'PRODUCER', kind: 'CERT', trust: 'TRUSTED', groups: [] }, null);
    await sp.create({ name: 'HKCERT', shortName: 'HKCERT-PEER', kind: 'CERT', trust: 'TRUSTED', groups: [] }, null);
    const { client: producerClient } = await source.app.get(ClientsService).create({ partnerShortName: producer.shortName, roles: ['ANALYST'] }, null);
    const { client: syncClient, clientSecret } = await source.app.get(ClientsService).create({ partnerShortName: 'HKCERT-PEER', roles: ['SYNC'] }, null);
    const tp = target.app.get(PartnersService);
    await tp.create({ name: 'CNCERT', shortName: 'CNCERT', kind: 'CERT', trust: 'TRUSTED', groups: [] }, null);
    const targetProducer = await tp.create({ name: 'Bench producer', shortName: 'PRODUCER', kind: 'CERT', trust: 'TRUSTED', groups: [] }, null);
    const { client: targetProducerClient } = await target.app.get(ClientsService).create({ partnerShortName: targetProducer.shortName, roles: ['ANALYST'] }, null);

    const objects = Array.from({ length: n }, (_, i) => anIndicator(i));

    // 1. Local ingest at the source: the same pipeline, bundles of the page size.
    const sourceActor = (await source.app.get(ActorService).forClient(producerClient.clientId))!;
    const store = source.app.get(StixStoreService);
    let started = process.hrtime.bigint();
    for (let i = 0; i < n; i += page) {
      await store.submitBundle(sourceActor, { bundle: { type: 'bundle', id: `bundle--${randomUUID()}`, objects: objects.slice(i, i + page) } }, 'graphql');
    }
    const localSeconds = Number(process.hrtime.bigint() - started) / 1e9;

    // 2. The same objects ingested locally at the target too (a second local figure, on the database the pull writes to).
    const targetActor = (await target.app.get(ActorService).forClient(targetProducerClient.clientId))!;
    const targetStore = target.app.get(StixStoreService);
    const copies = objects.map((o) => ({ ...o, id: `indicator--${randomUUID()}` }));
    started = process.hrtime.bigint();
    for (let i = 0; i < n; i += page) {
      await targetStore.submitBundle(targetActor, { bundle: { type: 'bundle', id: `bundle--${randomUUID()}`, objects: copies.slice(i, i + page) } }, 'graphql');
    }
    const localTargetSeconds = Number(process.hrtime.bigint() - started) / 1e9;

    // 3. The pull: HKCERT syncs from CNCERT.
    const home = await target.app.get(SyncRunner).homeActor();
    const peer = await target.app.get(PeersService).create(home, {
      name: 'cncert', partner: 'CNCERT', baseUrl: source.baseUrl, collections: [uuidV5('taxii-collection:all', '6b1f3c8e-5d0a-4d7e-9a53-2f4c1e8b7a90')],
      direction: 'PULL', authMethod: 'CLIENT_SECRET', clientId: syncClient.clientId, clientSecret: clientSecret!, pageSize: page,
    });
    started = process.hrtime.bigint();
    const run = await target.app.get(SyncRunner).run(peer.id, 'CLI');
    const pullSeconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (run.status !== 'OK' || run.pulled !== n) throw new Error(`the pull did not complete: ${JSON.stringify(run)}`);

    console.log(`objects: ${n}, page/bundle size: ${page}`);
    console.log(`local ingest at the source: ${localSeconds.toFixed(1)} s (${Math.round(n / localSeconds)} objects/s)`);
    console.log(`local ingest at the target: ${localTargetSeconds.toFixed(1)} s (${Math.round(n / localTargetSeconds)} objects/s)`);
    console.log(`pull from the peer:         ${pullSeconds.toFixed(1)} s (${Math.round(n / pullSeconds)} objects/s), ${run.pulled} stored, ${run.duplicates} duplicates`);
    console.log(`ratio pull / local ingest:  ${(pullSeconds / localTargetSeconds).toFixed(2)}× at the target (same database), ${(pullSeconds / localSeconds).toFixed(2)}× against the source's; target ≤ 1.5×`);
  } finally {
    await target.app.close();
    await source.app.close();
    await pg.stop();
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
