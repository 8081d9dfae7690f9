import * as http from 'node:http';
import * as https from 'node:https';
import { AppError, ErrorCode } from '../../common/errors/app-error';
import type { ImportSource } from '../import/byte-sources';

export interface DownloadLimits {
  /** Largest body; a larger Content-Length fails before the body is read, a longer body when it passes. */
  readonly maxBytes: number;
  /** The whole download, redirects and body included. */
  readonly timeoutMs: number;
  readonly maxRedirects: number;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/** Why a pull failed, worded for the import record and the operator. */
export const pullFailed = (url: string, why: string) => AppError.badInput(`pulling ${url} failed: ${why}`);

/** http: or https: only (no file:, ftp:, data: …), without credentials in the URL. */
export function checkPullUrl(text: string): URL | string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'is not a URL';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'must be an http or https URL';
  if (url.username || url.password) return 'must not hold credentials (use authHeader and authEnv)';
  if (text.length > 2048) return 'is longer than 2048 characters';
  return url;
}

/**
 * `url` as a stream of bytes for the importer: never held in memory as a whole. Nothing is requested until
 * the importer reads, so a download that fails (refused, HTTP 404, too large, too slow) fails an import
 * that has a record, with the reason. Redirects are followed by hand (at most `maxRedirects`, each target
 * checked again: only http and https), and `headers` go only to the origin they were configured for.
 */
export function urlSource(url: string, headers: Readonly<Record<string, string>>, limits: DownloadLimits): ImportSource {
  const start = new URL(url);
  const fileName = decodeURIComponent(start.pathname.split('/').pop() || start.hostname).slice(0, 200);
  return { bytes: download(url, headers, limits), fileName };
}

async function* download(url: string, headers: Readonly<Record<string, string>>, limits: DownloadLimits): AsyncIterable<Buffer> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), limits.timeoutMs);
  const origin = new URL(url).origin;
  let current = url;
  try {
    for (let redirects = 0; ; redirects++) {
      const target = checkPullUrl(current);
      if (typeof target === 'string') throw pullFailed(url, `${current} ${target}`);
      const response = await get(target, target.origin === origin ? headers : {}, controller.signal, url);
      const status = response.statusCode ?? 0;
      if (REDIRECTS.has(status)) {
        response.resume();
        const location = response.headers.location;
        if (!location) throw pullFailed(url, `HTTP ${status} without a Location`);
        if (redirects >= limits.maxRedirects) throw pullFailed(url, `more than ${limits.maxRedirects} redirects`);
        current = new URL(location, target).toString();
        continue;
      }
      if (status < 200 || status > 299) {
        response.resume();
        throw pullFailed(url, `HTTP ${status}${response.statusMessage ? ` ${response.statusMessage}` : ''}`);
      }
      const length = Number(response.headers['content-length']);
      if (Number.isSafeInteger(length) && length > limits.maxBytes) {
        response.destroy();
        throw tooLarge(url, length, limits.maxBytes);
      }
      yield* body(response, url, limits.maxBytes, controller.signal);
      return;
    }
  } finally {
    clearTimeout(timer);
  }
}

function tooLarge(url: string, bytes: number, limit: number): AppError {
  return new AppError(ErrorCode.PAYLOAD_TOO_LARGE, `pulling ${url} failed: the file is over this feed's limit of ${limit} bytes (${bytes} bytes or more)`);
}

function get(url: URL, headers: Readonly<Record<string, string>>, signal: AbortSignal, original: string): Promise<http.IncomingMessage> {
  return new Promise((resolve, reject) => {
    const request = (url.protocol === 'https:' ? https : http).get(url, { headers: { 'user-agent': 'cert-exchange host-report pull', ...headers }, signal }, resolve);
    request.on('error', (error: NodeJS.ErrnoException) => reject(signal.aborted ? pullFailed(original, 'timed out') : pullFailed(original, error.code ?? error.message)));
  });
}

/** The response body, counted: past `maxBytes` or the deadline it stops with the reason. */
async function* body(response: http.IncomingMessage, url: string, maxBytes: number, signal: AbortSignal): AsyncIterable<Buffer> {
  let bytes = 0;
  try {
    for await (const chunk of response) {
      bytes += (chunk as Buffer).length;
      if (bytes > maxBytes) throw tooLarge(url, bytes, maxBytes);
      yield chunk as Buffer;
    }
    if (!response.complete) throw pullFailed(url, 'the connection closed before the end of the file');
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw pullFailed(url, signal.aborted ? 'timed out' : ((error as NodeJS.ErrnoException).code ?? (error as Error).message));
  } finally {
    response.destroy();
  }
}
