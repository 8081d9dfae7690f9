import type { DataSourceOptions } from 'typeorm';
import { ALL_MIGRATIONS } from '../../migrations';
import { APP_ROLE } from './app-role';

/** Owner connection: runs migrations, nothing else. */
export function migrationDataSourceOptions(url: string): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    migrations: ALL_MIGRATIONS,
    migrationsTableName: 'schema_migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: false,
    extra: { max: 2, application_name: 'cert-exchange-migrate' },
  };
}

/** Application connections take the non-owner role at connect time, so row-level security binds them. */
export function appDataSourceOptions(url: string, poolSize: number): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    synchronize: false,
    migrationsRun: false,
    logging: false,
    extra: {
      max: poolSize,
      options: `-c role=${APP_ROLE}`,
      application_name: 'cert-exchange',
      connectionTimeoutMillis: 10000,
    },
  };
}
