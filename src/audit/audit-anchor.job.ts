import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { AuditAnchorRepository } from './audit-anchor.repository';
import { AUDIT_OPTIONS, type AuditOptions } from './audit.options';
import { AuditService } from './audit.service';

/**
 * Anchors the chain head and ensures next month's partition, every `anchorIntervalMs`. A plain unref'd
 * timer for now (it moves to pg-boss later). The first run is due one interval after the last anchor,
 * so restarts more frequent than the interval do not starve anchoring.
 */
@Injectable()
export class AuditAnchorJob implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('AuditAnchorJob');
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly audit: AuditService,
    private readonly anchors: AuditAnchorRepository,
    @Inject(AUDIT_OPTIONS) private readonly options: AuditOptions,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // Start-up never fails for this: the DEFAULT partition takes rows of a month without a partition.
    await this.audit.ensurePartitions().catch((error: unknown) => this.logger.error(`audit partitions not ensured: ${String(error)}`));
    const interval = this.options.anchorIntervalMs;
    if (interval <= 0) return;
    const last = await this.anchors.latest().catch(() => undefined);
    const due = last ? Math.max(0, last.anchoredAt.getTime() + interval - Date.now()) : 0;
    this.schedule(Math.min(due, interval));
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  /** One run: partitions for this month and next, then the anchor. Errors are logged, never thrown. */
  async runOnce(): Promise<void> {
    if (this.running) return this.running;
    this.running = (async () => {
      try {
        await this.audit.ensurePartitions();
        const anchor = await this.audit.anchor();
        if (anchor) this.logger.log(`audit chain anchored at sequence ${anchor.sequence} (${anchor.hash})`);
      } catch (error) {
        this.logger.error(`audit anchor run failed: ${String(error)}`);
      } finally {
        this.running = undefined;
      }
    })();
    return this.running;
  }

  private schedule(delay: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      void this.runOnce().then(() => this.schedule(this.options.anchorIntervalMs));
    }, delay);
    this.timer.unref();
  }
}
