import { Controller, Get, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { DataSource } from 'typeorm';
import { ALL_MIGRATIONS } from '../../migrations';
import { Public } from '../auth/public.decorator';

interface HealthReport {
  status: 'ok' | 'unavailable';
  database: 'up' | 'down';
  migrations: 'applied' | 'pending' | 'unknown';
}

/** Liveness and readiness in one: 200 only when the database answers and every migration is applied. */
@Public()
@Controller('health')
export class HealthController {
  constructor(private readonly dataSource: DataSource) {}

  @Get()
  async health(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthReport> {
    const report = await this.check();
    reply.status(report.status === 'ok' ? 200 : 503);
    return report;
  }

  private async check(): Promise<HealthReport> {
    try {
      const rows: { name: string }[] = await this.dataSource.query('SELECT name FROM schema_migrations');
      const applied = new Set(rows.map((r) => r.name));
      const pending = ALL_MIGRATIONS.some((m) => !applied.has(m.name));
      return { status: pending ? 'unavailable' : 'ok', database: 'up', migrations: pending ? 'pending' : 'applied' };
    } catch {
      return { status: 'unavailable', database: 'down', migrations: 'unknown' };
    }
  }
}
