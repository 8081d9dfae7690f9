import { Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { Logger } from 'pino';
import { AuditModule } from './audit/audit.module';
import { AuditApiModule } from './audit/graphql/audit-api.module';
import { AuthModule } from './auth/auth.module';
import type { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { appDataSourceOptions } from './database/data-source-options';
import { DatabaseModule } from './database/database.module';
import { JobsModule } from './jobs/jobs.module';
import { IncidentsModule } from './incidents/incidents.module';
import { CasesModule } from './cases/cases.module';
import { HostReportsModule } from './host-reports/host-reports.module';
import { LoggingModule } from './logging/logging.module';
import { PartnersModule } from './partners/partners.module';
import { PolicyModule } from './policy/policy.module';
import { StixModule } from './stix/stix.module';
import { SyncModule } from './sync/sync.module';
import { TaxiiModule } from './taxii/taxii.module';

export interface CoreModuleOptions {
  readonly config: AppConfig;
  readonly databaseUrl: string;
  readonly logger: Logger;
}

/** Every domain, without HTTP: what the server and the CLI (an application context) share. */
@Module({})
export class CoreModule {
  static forRoot({ config, databaseUrl, logger }: CoreModuleOptions): DynamicModule {
    return {
      module: CoreModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule.forRoot(logger),
        TypeOrmModule.forRoot({ ...appDataSourceOptions(databaseUrl, config.databasePoolSize), autoLoadEntities: true }),
        // Global: every domain records into the same trail.
        { ...AuditModule.forRoot({ anchorIntervalMs: config.auditAnchorIntervalMs, anchorFile: config.auditAnchorFile }), global: true },
        PolicyModule.forRoot({ defaultTlp: config.defaultTlp }),
        DatabaseModule,
        JobsModule.forRoot(databaseUrl),
        AuthModule,
        PartnersModule,
        StixModule,
        IncidentsModule,
        CasesModule,
        TaxiiModule,
        HostReportsModule,
        SyncModule,
        AuditApiModule,
      ],
      exports: [AuthModule, PartnersModule],
    };
  }
}
