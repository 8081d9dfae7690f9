import { AppError, ErrorCode, HTTP_STATUS } from '../common/errors/app-error';

/** The TAXII 2.1 error message resource (§3.6.1); `http_status` is a string there. */
export interface TaxiiErrorBody {
  readonly title: string;
  readonly description?: string;
  readonly error_id?: string;
  readonly http_status: string;
  readonly details?: Record<string, unknown>;
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  406: 'Not Acceptable',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
};

/** An error a TAXII client sees as it is: the status and a description that is safe to show. */
export class TaxiiError extends Error {
  constructor(
    readonly status: number,
    readonly description: string,
    readonly details?: Record<string, unknown>,
    readonly headers: Record<string, string> = {},
  ) {
    super(description);
    this.name = 'TaxiiError';
  }

  static badRequest(description: string): TaxiiError {
    return new TaxiiError(400, description);
  }

  static notFound(description: string): TaxiiError {
    return new TaxiiError(404, description);
  }

  static forbidden(description: string): TaxiiError {
    return new TaxiiError(403, description);
  }

  body(requestId?: string): TaxiiErrorBody {
    return {
      title: TITLES[this.status] ?? 'Error',
      description: this.description,
      ...(requestId ? { error_id: requestId } : {}),
      http_status: String(this.status),
      ...(this.details ? { details: this.details } : {}),
    };
  }
}

/**
 * What a TAXII client sees for any error: a TaxiiError as it is, an AppError with its status and
 * message (the store's own rules, e.g. "only the creator may revoke"), and anything else as a bare 500
 * (driver messages and stack traces never leave the server). Fastify's own errors (body too large,
 * unparsable) keep their 4xx status.
 */
export function toTaxiiError(error: unknown): { error: TaxiiError; internal: boolean } {
  if (error instanceof TaxiiError) return { error, internal: false };
  if (error instanceof AppError) {
    const status = error.code === ErrorCode.BAD_USER_INPUT && error.details?.problems ? 422 : HTTP_STATUS[error.code];
    return { error: new TaxiiError(status, error.message, error.details as Record<string, unknown> | undefined), internal: status >= 500 };
  }
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    const description = status === 413 ? 'the request body is larger than this server accepts (BODY_LIMIT_BYTES)' : status === 415 ? 'unsupported Content-Type' : 'the request could not be read';
    return { error: new TaxiiError(status, description), internal: false };
  }
  return { error: new TaxiiError(500, 'internal server error'), internal: true };
}
