import { AppError, ErrorCode, type ProblemDetail } from '../common/errors/app-error';

/** Host-report failures, each with the code a client sees. Not found and not yours answer alike. */
export const HostReportErrors = {
  feedNotFound: (name: string) => AppError.notFound('host report feed', name),
  feedNameTaken: (name: string) => AppError.conflict(`a host report feed named ${name} already exists`),
  reportNotFound: (id: string) => AppError.notFound('host report', id),
  networkNotFound: (id: string) => AppError.notFound('host network', id),
  importNotFound: (id: string) => AppError.notFound('host report import', id),
  homeOnly: (what: string) => AppError.forbidden(`only the home CERT ${what}`),
  invalidFeed: (problems: ProblemDetail[]) => AppError.invalid(problems, 'invalid feed'),
  invalidNetworks: (problems: ProblemDetail[]) => AppError.invalid(problems, 'networks not registered'),
  tooLarge: (bytes: number, limit: number) =>
    new AppError(ErrorCode.PAYLOAD_TOO_LARGE, `the file is ${bytes} bytes, over this feed's limit of ${limit} bytes (import larger files with the CLI, or raise the feed's maxBytes)`),
  badBase64: () => AppError.badInput('content is not valid base64', { argument: 'content' }),
  badDate: (argument: string) => AppError.badInput(`${argument} must be a date such as 2026-11-25`, { argument }),
  badRange: () => AppError.badInput('from must not be after to, and the range may span at most 366 days'),
  /** All-or-nothing import refused: nothing was stored but the import record (and its rejected rows). */
  importRejected: (importId: string, rejected: number, problems: ProblemDetail[]) =>
    new AppError(
      ErrorCode.BAD_USER_INPUT,
      `import failed: ${rejected} row${rejected === 1 ? '' : 's'} rejected and the feed is all-or-nothing, so nothing was imported: ${problems
        .slice(0, 10)
        .map((p) => `${p.path}: ${p.message}`)
        .join('; ')}${problems.length > 10 ? '; …' : ''}`,
      { importId, rejected, problems },
    ),
};
