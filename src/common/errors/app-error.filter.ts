import { Catch, HttpException, Inject, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { Logger } from 'pino';
import { LOGGER } from '../../logging/logging.module';
import { AppError, ErrorCode, HTTP_STATUS } from './app-error';

/**
 * REST answers for errors: `{error, message}` with the status of the code. GraphQL errors are left to
 * Apollo's formatter (same rule: only AppError messages reach a client).
 */
@Catch()
export class AppErrorFilter implements ExceptionFilter {
  constructor(@Inject(LOGGER) private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): unknown {
    // Rethrown, not returned: graphql-js treats a returned value as data unless it is an Error of its own realm.
    if (host.getType<string>() === 'graphql') throw exception;
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    if (exception instanceof AppError) {
      return reply.status(HTTP_STATUS[exception.code]).send({ error: exception.code, message: exception.message, ...(exception.details ?? {}) });
    }
    if (exception instanceof HttpException && exception.getStatus() < 500) {
      const status = exception.getStatus();
      const code = status === 404 ? ErrorCode.NOT_FOUND : status === 413 ? ErrorCode.PAYLOAD_TOO_LARGE : ErrorCode.BAD_USER_INPUT;
      return reply.status(status).send({ error: code, message: exception.message });
    }
    this.logger.error({ err: exception }, 'unhandled error in HTTP request');
    return reply.status(500).send({ error: ErrorCode.INTERNAL_SERVER_ERROR, message: 'Internal server error' });
  }
}
