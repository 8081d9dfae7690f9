/**
 * The `next` cursor of object, manifest and version pages: the last row's (date added, seq), the keyset
 * the pages are ordered by. seq is unique, so rows sharing one date_added (a whole bundle does) are never
 * skipped or repeated across pages. Opaque to clients (base64url); checked on the way back. Pure.
 */
export interface TaxiiCursor {
  /** received_at with microseconds, `YYYY-MM-DDTHH:MM:SS.ffffffZ`. */
  readonly dateAdded: string;
  readonly seq: string;
}

const DATE_ADDED = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

export function encodeCursor(cursor: TaxiiCursor): string {
  return Buffer.from(`${cursor.dateAdded}/${cursor.seq}`, 'utf8').toString('base64url');
}

/** The cursor, or undefined when `next` is not one this server issued. */
export function decodeCursor(next: string): TaxiiCursor | undefined {
  if (!/^[A-Za-z0-9_-]{1,100}$/.test(next)) return undefined;
  const [dateAdded, seq, ...rest] = Buffer.from(next, 'base64url').toString('utf8').split('/');
  if (rest.length > 0 || !dateAdded || !seq || !DATE_ADDED.test(dateAdded) || !/^\d{1,19}$/.test(seq)) return undefined;
  return { dateAdded, seq };
}
