import { Module, type DynamicModule, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { AuditModule } from '../../src/audit/audit.module';
import type { AuditOptions } from '../../src/audit/audit.options';
import { AuditService } from '../../src/audit/audit.service';
import { appDataSourceOptions } from '../../src/database/data-source-options';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

@Module({})
class AuditTestModule {
  static forRoot(url: string, options: Partial<AuditOptions>): DynamicModule {
    return {
      module: AuditTestModule,
      imports: [TypeOrmModule.forRoot(appDataSourceOptions(url, 30)), AuditModule.forRoot({ anchorIntervalMs: 0, ...options })],
    };
  }
}

export interface AuditHarness {
  readonly db: TestDatabase;
  readonly context: INestApplicationContext;
  readonly audit: AuditService;
  /** The application's pool: every query runs as cx_app. */
  readonly dataSource: DataSource;
  /** The owner connection: what an attacker with database access would hold. */
  readonly owner: Client;
  close(): Promise<void>;
}

/**
 * AuditModule in a Nest application context over a fresh migrated database, plus a `scratch` table
 * (owner-made, cx_app may insert) standing in for the business write an audit event accompanies.
 */
export async function startAudit(options: Partial<AuditOptions> = {}): Promise<AuditHarness> {
  const db = await createTestDatabase();
  const owner = new Client({ connectionString: db.url });
  await owner.connect();
  await owner.query(`CREATE TABLE scratch (id bigserial PRIMARY KEY, note text NOT NULL)`);
  await owner.query(`GRANT SELECT, INSERT ON scratch TO cx_app; GRANT USAGE ON SEQUENCE scratch_id_seq TO cx_app`);
  const context = await NestFactory.createApplicationContext(AuditTestModule.forRoot(db.url, options), { logger: false });
  await context.init();
  return {
    db,
    context,
    audit: context.get(AuditService),
    dataSource: context.get(DataSource),
    owner,
    async close() {
      await context.close();
      await owner.end();
      await db.drop();
    },
  };
}

/** Runs SQL as the owner with the append-only triggers off, as an attacker with owner access could. */
export async function tamper(owner: Client, sql: string, params: unknown[] = []): Promise<void> {
  await owner.query('ALTER TABLE audit_events DISABLE TRIGGER USER');
  try {
    await owner.query(sql, params);
  } finally {
    await owner.query('ALTER TABLE audit_events ENABLE TRIGGER USER');
  }
}

export async function countRows(owner: Client, table: string): Promise<number> {
  const { rows } = await owner.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`);
  return Number(rows[0]!.n);
}
