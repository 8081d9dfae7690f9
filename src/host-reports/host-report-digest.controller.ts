import { Readable } from 'node:stream';
import { Controller, Get, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { Actor } from '../auth/actor';
import { CurrentActor } from '../auth/current-actor.decorator';
import { AppError } from '../common/errors/app-error';
import { renderDigest } from './digest-format';
import { checkDay, HostReportsService } from './host-reports.service';

/**
 * `GET /host-reports/digest?date=YYYY-MM-DD&format=csv|json` with the Bearer token: the reports first
 * received that UTC day that the caller owns (HOME: all), streamed, for an ISP's ticketing system.
 */
@Controller('host-reports')
export class HostReportDigestController {
  constructor(private readonly reports: HostReportsService) {}

  @Get('digest')
  async digest(@CurrentActor() actor: Actor, @Query('date') date: string | undefined, @Query('format') format: string | undefined, @Res() reply: FastifyReply): Promise<void> {
    const day = checkDay(typeof date === 'string' ? date : '', 'date');
    const f = (typeof format === 'string' ? format : 'csv').toLowerCase();
    if (f !== 'csv' && f !== 'json') throw AppError.badInput('format must be csv or json', { argument: 'format' });
    const batches = this.reports.digest(actor, day, f);
    // Pull the first batch before answering, so a failure (an audit write, the database) is still an error status.
    const first = await batches.next();
    async function* all() {
      if (!first.done) yield first.value;
      yield* batches;
    }
    await reply
      .status(200)
      .header('content-type', f === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8')
      .header('content-disposition', `attachment; filename="host-reports-${day}.${f}"`)
      .header('cache-control', 'no-store')
      .send(Readable.from(renderDigest(all(), f, day)));
  }
}
