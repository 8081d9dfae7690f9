import { Global, Module, type DynamicModule } from '@nestjs/common';
import { JobsService } from './jobs.service';
import { JOBS_DATABASE_URL } from './jobs.tokens';

/** Background jobs (pg-boss) for every domain: inject JobsService. See jobs.service.ts for the API. */
@Global()
@Module({})
export class JobsModule {
  static forRoot(databaseUrl: string): DynamicModule {
    return {
      module: JobsModule,
      providers: [{ provide: JOBS_DATABASE_URL, useValue: databaseUrl }, JobsService],
      exports: [JobsService],
    };
  }
}
