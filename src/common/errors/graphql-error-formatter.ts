import type { GraphQLFormattedError } from 'graphql';
import type { Logger } from 'pino';
import { AppError, ErrorCode } from './app-error';

/** Codes produced by GraphQL itself (parse, validation) that are safe to pass on as they are. */
const PASS_THROUGH = new Set(['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_USER_INPUT', 'PERSISTED_QUERY_NOT_FOUND', 'OPERATION_RESOLUTION_FAILURE', 'BAD_REQUEST']);

function originalOf(error: unknown): unknown {
  let current = error as { originalError?: unknown } | undefined;
  while (current && typeof current === 'object' && 'originalError' in current && current.originalError) {
    current = current.originalError as { originalError?: unknown };
  }
  return current;
}

/**
 * The one place errors are turned into what a client sees. An AppError keeps its message and code;
 * GraphQL's own syntax and validation errors pass; everything else becomes a bare internal error,
 * logged in full here so the operator can find it by request id.
 */
export function formatGraphqlError(logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = originalOf(error);
    if (original instanceof AppError) {
      return {
        message: original.message,
        path: formatted.path,
        locations: formatted.locations,
        extensions: { code: original.code, ...(original.details ?? {}) },
      };
    }
    const code = formatted.extensions?.code;
    if (typeof code === 'string' && PASS_THROUGH.has(code)) {
      return { message: formatted.message, locations: formatted.locations, path: formatted.path, extensions: { code } };
    }
    logger.error({ err: original, path: formatted.path }, 'unhandled error in GraphQL operation');
    return { message: 'Internal server error', path: formatted.path, extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } };
  };
}
