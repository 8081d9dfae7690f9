import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module';
import { AuditAnchorJob } from './audit-anchor.job';
import { AuditAnchorRepository } from './audit-anchor.repository';
import { AuditEventRepository } from './audit-event.repository';
import { AUDIT_ANCHOR_INTERVAL_MS, AUDIT_OPTIONS, DEFAULT_AUDIT_OPTIONS, type AuditOptions } from './audit.options';
import { AuditService } from './audit.service';

/**
 * The AppConfig fields the module reads when present (read structurally, so the module works before
 * config has them): AUDIT_ANCHOR_INTERVAL_MS, AUDIT_ANCHOR_FILE, MAX_PAGE_SIZE.
 */
interface AuditConfigFields {
  readonly auditAnchorIntervalMs?: number;
  readonly auditAnchorFile?: string;
  readonly maxPageSize?: number;
}

function providers(overrides: Partial<AuditOptions>): Provider[] {
  return [
    {
      provide: AUDIT_ANCHOR_INTERVAL_MS,
      inject: [{ token: APP_CONFIG, optional: true }],
      useFactory: (config?: AuditConfigFields): number =>
        overrides.anchorIntervalMs ?? config?.auditAnchorIntervalMs ?? DEFAULT_AUDIT_OPTIONS.anchorIntervalMs,
    },
    {
      provide: AUDIT_OPTIONS,
      inject: [AUDIT_ANCHOR_INTERVAL_MS, { token: APP_CONFIG, optional: true }],
      useFactory: (anchorIntervalMs: number, config?: AuditConfigFields): AuditOptions => ({
        ...DEFAULT_AUDIT_OPTIONS,
        maxPageSize: config?.maxPageSize ?? DEFAULT_AUDIT_OPTIONS.maxPageSize,
        anchorFile: config?.auditAnchorFile,
        ...overrides,
        anchorIntervalMs,
      }),
    },
    AuditEventRepository,
    AuditAnchorRepository,
    AuditService,
    AuditAnchorJob,
  ];
}

/**
 * The audit trail. Needs TypeORM's DataSource (TypeOrmModule.forRoot) and reads APP_CONFIG when present.
 * Only AuditService is exported: the repositories stay private, so nothing else writes the tables.
 * Import it plainly (one shared instance, options from config); `forRoot(overrides)` is for tests and
 * tools that need other options (e.g. `{ anchorIntervalMs: 0 }`).
 */
@Module({ providers: providers({}), exports: [AuditService] })
export class AuditModule {
  static forRoot(overrides: Partial<AuditOptions>): DynamicModule {
    return { module: AuditModuleWithOptions, providers: providers(overrides), exports: [AuditService] };
  }
}

/** A separate class, so forRoot's providers never merge with the static module's. */
@Module({})
class AuditModuleWithOptions {}
