import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { LOGGER } from '../logging/logging.module';
import { TaxiiAuthenticator } from './taxii-auth.service';
import { TaxiiError, toTaxiiError } from './taxii-error';
import type { QueryParams } from './taxii-filter';
import { acceptsTaxii, isTaxiiContentType, TAXII_MEDIA_TYPE } from './taxii-media';
import { TaxiiService, type TaxiiRequest, type TaxiiResponse } from './taxii.service';

type Handler = (request: TaxiiRequest) => TaxiiResponse | Promise<TaxiiResponse>;

const COLLECTION = '/:root/collections/:collectionId';
const OBJECT = `${COLLECTION}/objects/:objectId`;

/**
 * The TAXII 2.1 HTTP interface, as a Fastify plugin under /taxii2 rather than Nest controllers: TAXII URLs
 * end in "/" and Nest strips that from route paths, and errors raised before a handler (body too large)
 * reach only Fastify's error handler, which here is scoped to /taxii2 so every answer is a TAXII error
 * message (§3.6.1) without touching the rest of the server. Each route is registered with and without
 * its trailing slash. The global AuthGuard never sees these routes; TaxiiAuthenticator does the same job.
 */
@Injectable()
export class TaxiiRoutes implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly service: TaxiiService,
    private readonly authenticator: TaxiiAuthenticator,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onModuleInit(): void {
    // The CLI builds the same modules without an HTTP server.
    const fastify = this.adapterHost.httpAdapter?.getInstance<FastifyInstance>();
    if (!fastify) return;
    void fastify.register((scope, _options, done) => this.plugin(scope, done), { prefix: '/taxii2' });
  }

  private plugin(scope: FastifyInstance, done: (err?: Error) => void): void {
    // Bodies arrive raw whatever their type: the handler answers 415 or 422 in TAXII's format.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, parsed) => parsed(null, body));
    scope.setErrorHandler((error, request, reply) => this.fail(error, request, reply));
    scope.setNotFoundHandler((request, reply) => this.fail(TaxiiError.notFound(`no TAXII resource at ${request.url.split('?')[0]}`), request, reply));

    const s = this.service;
    this.get(scope, '/', (r) => s.discovery(r));
    this.get(scope, '/:root', (r) => s.apiRoot(r));
    this.get(scope, '/:root/collections', (r) => s.listCollections(r));
    this.get(scope, COLLECTION, (r) => s.collection(r));
    this.get(scope, `${COLLECTION}/objects`, (r) => s.objects(r));
    this.route(scope, 'POST', `${COLLECTION}/objects`, (r) => s.addObjects(r));
    this.get(scope, `${COLLECTION}/manifest`, (r) => s.manifest(r));
    this.get(scope, OBJECT, (r) => s.object(r));
    this.route(scope, 'DELETE', OBJECT, (r) => s.deleteObject(r));
    this.get(scope, `${OBJECT}/versions`, (r) => s.versions(r));
    this.get(scope, '/:root/status/:statusId', (r) => s.status(r));
    done();
  }

  private get(scope: FastifyInstance, path: string, handler: Handler): void {
    this.route(scope, 'GET', path, handler);
  }

  private route(scope: FastifyInstance, method: 'GET' | 'POST' | 'DELETE', path: string, handler: Handler): void {
    const handle = (request: FastifyRequest, reply: FastifyReply) => this.handle(method, handler, request, reply);
    // '/' under the prefix is registered as both /taxii2 and /taxii2/ by Fastify itself.
    for (const url of path === '/' ? ['/'] : [path, `${path}/`]) scope.route({ method, url, handler: handle });
  }

  private async handle(method: string, handler: Handler, request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const actor = await this.authenticator.authenticate({ headers: request.headers, ip: request.ip });
    if (!acceptsTaxii(request.headers.accept)) throw new TaxiiError(406, `Accept must include ${TAXII_MEDIA_TYPE}`);
    if (method === 'POST' && !isTaxiiContentType(request.headers['content-type'])) throw new TaxiiError(415, `Content-Type must be ${TAXII_MEDIA_TYPE}`);
    const result = await handler({
      actor,
      params: request.params as Record<string, string>,
      query: request.query as QueryParams,
      body: Buffer.isBuffer(request.body) ? request.body : undefined,
      baseUrl: this.config.auth.publicUrl ?? `${request.protocol}://${request.host}`,
    });
    reply.status(result.status).headers(result.headers ?? {}).header('content-type', TAXII_MEDIA_TYPE);
    // A Buffer, so Fastify leaves the media type exactly as TAXII spells it (a string would get a charset).
    await reply.send(Buffer.from(result.body === undefined ? '' : JSON.stringify(result.body)));
  }

  private fail(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
    const { error: taxii, internal } = toTaxiiError(error);
    if (internal) this.logger.error({ err: error, url: request.url }, 'unhandled error in TAXII request');
    return reply.status(taxii.status).headers(taxii.headers).header('content-type', TAXII_MEDIA_TYPE).send(Buffer.from(JSON.stringify(taxii.body(String(request.id)))));
  }
}
