/**
 * A streaming RFC 4180 CSV parser: feed it text in chunks of any size, get whole records back. Only the
 * unfinished tail of a chunk is kept, so memory does not grow with the file. A malformed record becomes an
 * error item and parsing resumes on the next line: one bad row never stops an import.
 */

export interface CsvRecord {
  readonly kind: 'record';
  /** 1-based line on which the record starts. */
  readonly line: number;
  readonly fields: string[];
  /** The record's source text (for keeping a rejected row), without its line ending. */
  readonly raw: string;
}

export interface CsvError {
  readonly kind: 'error';
  readonly line: number;
  readonly message: string;
  readonly raw: string;
}

export type CsvItem = CsvRecord | CsvError;

export interface CsvOptions {
  /** One character; default ','. */
  readonly delimiter?: string;
  /** A record (quoted newlines included) longer than this is refused: usually an unbalanced quote. */
  readonly maxRecordChars?: number;
}

const QUOTE = 34;
const LF = 10;
const CR = 13;

type Parsed =
  | { readonly fields: string[]; readonly end: number; readonly next: number }
  | { readonly error: string; readonly resume: 'line' | 'record-line' }
  | undefined; // the record is not complete in the text seen so far

export class CsvParser {
  private readonly delimiter: number;
  private readonly maxRecordChars: number;
  private tail = '';
  private line = 1;
  private started = false;
  /** After an over-long record with no line break yet: drop text up to the next line break. */
  private skipping = false;

  constructor(options: CsvOptions = {}) {
    const delimiter = options.delimiter ?? ',';
    if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r') throw new Error('the CSV delimiter must be one character other than a quote or a line break');
    this.delimiter = delimiter.charCodeAt(0);
    this.maxRecordChars = options.maxRecordChars ?? 64 * 1024;
  }

  /** Parses what `chunk` completes; the unfinished last record waits for the next chunk or `end()`. */
  push(chunk: string): CsvItem[] {
    let text = this.tail + chunk;
    if (!this.started && text.length > 0) {
      this.started = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1); // a byte-order mark is not data
    }
    return this.drain(text, false);
  }

  /** The end of the input: a record without a final line break is complete; an open quote is an error. */
  end(): CsvItem[] {
    const items = this.drain(this.tail, true);
    this.tail = '';
    return items;
  }

  private drain(text: string, eof: boolean): CsvItem[] {
    const items: CsvItem[] = [];
    let start = 0;
    if (this.skipping) {
      const lineEnd = text.indexOf('\n');
      if (lineEnd < 0) {
        this.tail = '';
        return items;
      }
      this.skipping = false;
      this.line++;
      start = lineEnd + 1;
    }
    while (start < text.length) {
      const c = text.charCodeAt(start);
      if (c === LF) { this.line++; start++; continue; } // blank line
      if (c === CR && text.charCodeAt(start + 1) === LF) { this.line++; start += 2; continue; }
      if (c === CR && start + 1 >= text.length && !eof) break;
      let parsed = parseRecord(text, start, eof, this.delimiter);
      if (parsed === undefined && text.length - start > this.maxRecordChars) {
        parsed = { error: `record longer than ${this.maxRecordChars} characters (an unbalanced quote?)`, resume: 'record-line' };
      }
      if (parsed === undefined) break;
      if ('error' in parsed) {
        // Resume on the line after the record's first line: an unbalanced quote costs one line, not the file.
        const lineEnd = text.indexOf('\n', start);
        const next = lineEnd < 0 ? text.length : lineEnd + 1;
        if (lineEnd < 0 && !eof && parsed.resume === 'line') break; // wait for the rest of the line
        items.push({ kind: 'error', line: this.line, message: parsed.error, raw: stripCr(text.slice(start, Math.min(lineEnd < 0 ? text.length : lineEnd, start + 1000))) });
        if (lineEnd >= 0) this.line++;
        else if (!eof) this.skipping = true;
        start = next;
        continue;
      }
      items.push({ kind: 'record', line: this.line, fields: parsed.fields, raw: text.slice(start, parsed.end) });
      this.line += countNewlines(text, start, parsed.next);
      start = parsed.next;
    }
    this.tail = detach(text.slice(start));
    return items;
  }
}

/**
 * A copy of a short string that does not point into the text it was sliced from. V8 slices keep their
 * parent alive, and each tail is joined to the next chunk: without the copy, every chunk read so far
 * would stay reachable through the chain of tails.
 */
export function detach(s: string): string {
  return s.length === 0 ? '' : Buffer.from(s, 'utf8').toString('utf8');
}

function stripCr(s: string): string {
  return s.charCodeAt(s.length - 1) === CR ? s.slice(0, -1) : s;
}

function countNewlines(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = text.indexOf('\n', from); i >= 0 && i < to; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** One record starting at `start`. `end` excludes the line ending, `next` is past it. */
function parseRecord(text: string, start: number, eof: boolean, delimiter: number): Parsed {
  const fields: string[] = [];
  const length = text.length;
  let i = start;
  for (;;) {
    let value: string;
    if (text.charCodeAt(i) === QUOTE) {
      value = '';
      let from = i + 1;
      for (;;) {
        const q = text.indexOf('"', from);
        if (q < 0) return eof ? { error: 'unbalanced quotes: a quoted field never closes', resume: 'record-line' } : undefined;
        value += text.slice(from, q);
        if (text.charCodeAt(q + 1) === QUOTE) { value += '"'; from = q + 2; continue; }
        if (q + 1 >= length && !eof) return undefined; // "" may follow in the next chunk
        i = q + 1;
        break;
      }
      const c = text.charCodeAt(i);
      if (i < length && c !== delimiter && c !== LF && c !== CR) return { error: 'unexpected character after a closing quote', resume: 'line' };
    } else {
      let j = i;
      while (j < length) {
        const c = text.charCodeAt(j);
        if (c === delimiter || c === LF || c === CR) break;
        if (c === QUOTE) return { error: 'a quote inside an unquoted field (quote the whole field and double inner quotes)', resume: 'line' };
        j++;
      }
      value = text.slice(i, j);
      i = j;
    }
    fields.push(value);
    if (i >= length) return eof ? { fields, end: i, next: i } : undefined;
    const c = text.charCodeAt(i);
    if (c === delimiter) { i++; continue; }
    if (c === LF) return { fields, end: i, next: i + 1 };
    // CR: a line ending only as CRLF; a lone CR inside a record is refused rather than guessed at.
    if (i + 1 >= length) return eof ? { fields, end: i, next: i + 1 } : undefined;
    if (text.charCodeAt(i + 1) === LF) return { fields, end: i, next: i + 2 };
    return { error: 'a carriage return that is not part of a CRLF line ending', resume: 'line' };
  }
}
