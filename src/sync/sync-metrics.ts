import { Injectable, type OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { Gauge } from 'prom-client';
import { MetricsService } from '../metrics/metrics.service';
import { SyncRunner } from './sync-runner.service';
import { SyncStatusService } from './sync-status.service';

/**
 * Per-peer gauges on /metrics, read from the run history at scrape time, so every replica reports the
 * same figures whichever of them ran the syncs. Label: the peer's name (HOME chose it; a bounded set).
 * Absent in the CLI, which has no metrics.
 */
@Injectable()
export class SyncMetrics implements OnModuleInit {
  constructor(
    private readonly moduleRef: ModuleRef,
    private readonly status: SyncStatusService,
    private readonly runner: SyncRunner,
  ) {}

  onModuleInit(): void {
    let metrics: MetricsService;
    try {
      metrics = this.moduleRef.get(MetricsService, { strict: false });
    } catch {
      return;
    }
    const registers = [metrics.registry];
    const lag = new Gauge({ name: 'cx_sync_lag_seconds', help: 'Seconds since the last successful sync of each peer (absent before the first).', labelNames: ['peer'] as const, registers });
    const objects = new Gauge({ name: 'cx_sync_objects', help: 'Object versions moved with each peer since it was linked, by direction (in, out).', labelNames: ['peer', 'direction'] as const, registers });
    const failures = new Gauge({ name: 'cx_sync_failed_runs', help: 'Failed sync runs of each peer since it was linked.', labelNames: ['peer'] as const, registers });
    const quarantine = new Gauge({ name: 'cx_sync_quarantine_size', help: 'Objects from each peer held in quarantine.', labelNames: ['peer'] as const, registers });
    const up = new Gauge({ name: 'cx_sync_up', help: '1 when the last run of each peer succeeded, 0 when it failed.', labelNames: ['peer'] as const, registers });
    // One collect fills all five: the first gauge scraped reads the database, the others reuse its answer.
    let pending: Promise<void> | undefined;
    const refresh = () =>
      (pending ??= (async () => {
        try {
          const statuses = await this.status.statuses(await this.runner.homeActor(), null, 0);
          for (const g of [lag, objects, failures, quarantine, up]) g.reset();
          for (const s of statuses) {
            const peer = s.peer.name;
            if (s.lagSeconds !== null) lag.set({ peer }, s.lagSeconds);
            objects.set({ peer, direction: 'in' }, s.objectsIn);
            objects.set({ peer, direction: 'out' }, s.objectsOut);
            failures.set({ peer }, s.failedRuns);
            quarantine.set({ peer }, s.quarantineSize);
            if (s.lastStatus === 'OK' || s.lastStatus === 'FAILED') up.set({ peer }, s.lastStatus === 'OK' ? 1 : 0);
          }
        } catch {
          // No HOME yet, or the database is away: the gauges keep their last values.
        } finally {
          setImmediate(() => (pending = undefined));
        }
      })());
    for (const g of [lag, objects, failures, quarantine, up]) (g as unknown as { collect: () => Promise<void> }).collect = refresh;
  }
}
