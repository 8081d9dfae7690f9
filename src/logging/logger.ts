import type { LoggerService } from '@nestjs/common';
import pino, { type Logger } from 'pino';
import type { LogLevel } from '../config/app-config';
import { currentContext } from '../common/request-context';

/** Structured JSON logs; every line written inside a request carries its request id. */
export function createLogger(level: LogLevel): Logger {
  return pino({
    level,
    base: { service: 'cert-exchange' },
    timestamp: pino.stdTimeFunctions.isoTime,
    // Fastify's request loggers already bind reqId; everything else gets it from the request context.
    mixin(_merge, _level, self) {
      if ('reqId' in self.bindings()) return {};
      const ctx = currentContext();
      return ctx ? { reqId: ctx.requestId } : {};
    },
    redact: { paths: ['req.headers.authorization', 'req.headers.cookie', '*.client_secret', '*.password'], remove: true },
  });
}

/** Nest's own messages (module start-up, route mapping) through the same pino logger. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, context?: string): void {
    this.logger.info({ context }, String(message));
  }
  error(message: unknown, trace?: string, context?: string): void {
    this.logger.error({ context, trace }, String(message));
  }
  warn(message: unknown, context?: string): void {
    this.logger.warn({ context }, String(message));
  }
  debug(message: unknown, context?: string): void {
    this.logger.debug({ context }, String(message));
  }
  verbose(message: unknown, context?: string): void {
    this.logger.trace({ context }, String(message));
  }
}
