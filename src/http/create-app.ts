import { randomUUID } from 'node:crypto';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { LogController } from 'fastify';
import type { Logger } from 'pino';
import { AppModule } from '../app.module';
import type { AppConfig } from '../config/app-config';
import { runInContext } from '../common/request-context';
import { PinoNestLogger } from '../logging/logger';
import { MetricsService } from '../metrics/metrics.service';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,128}$/;

/** Builds the exchange on Fastify, ready to listen. Used by main and by the e2e tests alike. */
export async function createApp(config: AppConfig, databaseUrl: string, logger: Logger): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    loggerInstance: logger,
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: config.bodyLimitBytes,
    trustProxy: false,
    // Keep-alive connections that are idle close on shutdown; requests in flight are allowed to finish.
    forceCloseConnections: 'idle',
    // A caller's X-Request-Id is kept when sane, so a partner can quote it; otherwise we mint one.
    genReqId: (req: { headers: Record<string, string | string[] | undefined> }) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot({ config, databaseUrl, logger }), adapter, {
    logger: new PinoNestLogger(logger),
  });
  const fastify = app.getHttpAdapter().getInstance();
  const metrics = app.get(MetricsService);

  fastify.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    const channel = request.url.startsWith('/taxii2') ? 'taxii' : request.url.startsWith('/graphql') ? 'graphql' : 'http';
    runInContext({ requestId: String(request.id), channel, sourceAddress: request.ip }, done);
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    metrics.httpRequests.inc({ method: request.method, route, status: String(reply.statusCode) });
    metrics.httpDuration.observe({ method: request.method, route }, reply.elapsedTime / 1000);
    request.log.info({ method: request.method, url: request.url, status: reply.statusCode, ms: Math.round(reply.elapsedTime) }, 'request');
    done();
  });
  await app.init();
  return app;
}
