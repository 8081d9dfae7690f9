import { createReadStream, promises as fs } from 'node:fs';
import { HostReportErrors } from '../host-report-errors';

/** A file to import: its bytes, streamed, and its size when known up front. */
export interface ImportSource {
  readonly bytes: AsyncIterable<Buffer>;
  readonly size?: number;
  readonly fileName: string | null;
}

/**
 * 64 KiB (~1,200 rows): the importer yields to the event loop between chunks so the batch being stored can
 * move on; with 1 MiB chunks parsing held the loop ~20,000 rows at a time and storing waited for it.
 */
const CHUNK = 64 * 1024;
const BASE64 = /^[A-Za-z0-9+/\s]*={0,2}\s*$/;

async function* slices(buffer: Buffer): AsyncIterable<Buffer> {
  for (let i = 0; i < buffer.length; i += CHUNK) yield buffer.subarray(i, i + CHUNK);
}

/** GraphQL's content argument: text as given, or base64 (for files whose encoding must be checked byte for byte). */
export function contentSource(content: string, encoding: 'TEXT' | 'BASE64', fileName: string | null): ImportSource {
  let buffer: Buffer;
  if (encoding === 'BASE64') {
    if (!BASE64.test(content)) throw HostReportErrors.badBase64();
    buffer = Buffer.from(content, 'base64');
  } else buffer = Buffer.from(content, 'utf8');
  return { bytes: slices(buffer), size: buffer.length, fileName };
}

/** A file on the server's disk (the CLI), streamed: never held in memory as a whole. */
export async function fileSource(path: string): Promise<ImportSource> {
  const stat = await fs.stat(path);
  return { bytes: createReadStream(path, { highWaterMark: CHUNK }), size: stat.size, fileName: path.split('/').pop() ?? path };
}
