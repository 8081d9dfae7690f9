import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import type { Logger } from 'pino';
import { AuditService } from '../../audit/audit.service';
import { ActorTransactions } from '../../database/actor-transaction.service';
import { JobsService } from '../../jobs/jobs.service';
import { LOGGER } from '../../logging/logging.module';
import { PartnersService } from '../../partners/partners.service';
import { cliHomeActor } from '../cli-actor';
import { HostImportRepository } from '../host-import.repository';
import { auditActor } from '../host-report-audit';

const SWEEP_QUEUE = 'hosts.imports.sweep';
/** An import record is committed a moment before its transaction locks it: younger ones are left alone. */
const GRACE_SECONDS = 30;

export const INTERRUPTED =
  'interrupted: the process running the import stopped before it finished; no report of it was stored (rejected rows found so far are kept)';

/**
 * Imports left RUNNING by a process that died. A running import holds a row lock on its record for the
 * whole of its transaction (see HostReportImportService), and PostgreSQL releases that lock, and rolls the
 * import's rows back, when the connection goes — so a RUNNING record nobody holds is an import that will
 * never finish. The sweep marks those FAILED with the reason: at start-up, and every five minutes through
 * the job queue (one replica at a time). Live imports of other replicas are skipped by their locks.
 */
@Injectable()
export class HostImportSweeper implements OnApplicationBootstrap {
  constructor(
    private readonly tx: ActorTransactions,
    private readonly audit: AuditService,
    private readonly partners: PartnersService,
    private readonly imports: HostImportRepository,
    private readonly jobs: JobsService,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    try {
      await this.sweep();
      await this.jobs.register(SWEEP_QUEUE, () => this.sweep().then(() => undefined));
      await this.jobs.schedule(SWEEP_QUEUE, '*/5 * * * *');
    } catch (error) {
      // A database not yet migrated or without HOME (a fresh install) must not stop the start.
      this.logger.warn({ err: error, component: 'host-reports' }, 'could not sweep interrupted host-report imports');
    }
  }

  /** Marks abandoned RUNNING imports FAILED; returns their ids. */
  async sweep(graceSeconds = GRACE_SECONDS): Promise<string[]> {
    if (!(await this.partners.home())) return [];
    const actor = await cliHomeActor(this.partners);
    return this.tx.run(actor, async (m) => {
      const failed = await this.imports.failAbandoned(m, graceSeconds, INTERRUPTED);
      for (const record of failed) {
        await this.audit.record(m, {
          action: 'host-report.import',
          outcome: 'error',
          actor: auditActor(actor),
          targetIds: [record.id],
          details: { feed: record.feedName, status: record.status, fileName: record.fileName, reason: 'interrupted' },
        });
      }
      if (failed.length) this.logger.warn({ component: 'host-reports', imports: failed.map((r) => r.id) }, 'interrupted host-report imports marked FAILED');
      return failed.map((r) => r.id);
    });
  }
}
