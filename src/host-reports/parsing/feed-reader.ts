import { AppError } from '../../common/errors/app-error';
import { CsvParser } from './csv-parser';
import { REPORT_FIELDS, type FeedFormat, type FeedMapping, type ReportField } from './feed-config';
import { LineSplitter } from './line-splitter';
import type { Normalised, RowNormaliser } from './row-normaliser';
import { StixBundleReader } from './stix-reader';

/** One data row of a feed file, normalised or refused with the reason. */
export interface RowItem {
  readonly line: number;
  /** Source text, at most 1,000 characters: what a rejected row keeps. */
  readonly raw: string;
  readonly result: Normalised;
}

const RAW_KEPT = 1000;
/** What a streaming UTF-8 decoder puts in place of bytes that are not UTF-8. */
const REPLACEMENT = '\uFFFD';
const BAD_ENCODING: Normalised = { ok: false, message: 'not valid UTF-8 (bad encoding)' };

/**
 * Turns streamed feed text into normalised rows, format by format. A file-level problem (a CSV header
 * without a mapped column) throws BAD_USER_INPUT: no row of such a file can be read.
 */
export class FeedReader {
  private readonly csv?: CsvParser;
  private readonly lines?: LineSplitter;
  private readonly stix?: StixBundleReader;
  /** CSV and JSONL: where each of our fields is (checked by checkFeedConfig when the feed was saved). */
  private readonly columns: NonNullable<FeedMapping['columns']>;
  private indexes?: Map<ReportField, number>;
  private columnCount = 0;

  constructor(
    private readonly format: FeedFormat,
    private readonly mapping: FeedMapping,
    private readonly normaliser: RowNormaliser,
  ) {
    this.columns = mapping.columns ?? {};
    if (format === 'CSV') {
      this.csv = new CsvParser({ delimiter: mapping.delimiter ?? ',' });
      if (mapping.header === false) this.byIndex();
    } else if (format === 'JSONL') this.lines = new LineSplitter();
    else if (format === 'STIX') this.stix = new StixBundleReader(normaliser);
    else throw AppError.badInput(`${String(format)} is not a feed format`);
  }

  push(chunk: string): RowItem[] {
    if (this.stix) return this.stix.push(chunk);
    return this.csv ? this.fromCsv(this.csv.push(chunk)) : this.fromLines(this.lines!.push(chunk));
  }

  end(): RowItem[] {
    if (this.stix) return this.stix.end();
    return this.csv ? this.fromCsv(this.csv.end()) : this.fromLines(this.lines!.end());
  }

  private byIndex(): void {
    this.indexes = new Map(Object.entries(this.columns).map(([f, c]) => [f as ReportField, c as number]));
    this.columnCount = Math.max(...this.indexes.values()) + 1;
  }

  private fromCsv(items: ReturnType<CsvParser['push']>): RowItem[] {
    const out: RowItem[] = [];
    for (const item of items) {
      const raw = item.raw.length > RAW_KEPT ? item.raw.slice(0, RAW_KEPT) : item.raw;
      if (item.kind === 'error') {
        if (!this.indexes) throw AppError.badInput(`line ${item.line}: the header line is malformed: ${item.message}`);
        out.push({ line: item.line, raw, result: { ok: false, message: item.message } });
        continue;
      }
      if (!this.indexes) {
        this.readHeader(item.fields);
        continue;
      }
      const fields = item.fields;
      const exact = this.mapping.header !== false;
      if (exact ? fields.length !== this.columnCount : fields.length < this.columnCount) {
        out.push({ line: item.line, raw, result: { ok: false, message: `expected ${exact ? '' : 'at least '}${this.columnCount} columns, found ${fields.length}` } });
        continue;
      }
      if (item.raw.includes(REPLACEMENT)) {
        out.push({ line: item.line, raw, result: BAD_ENCODING });
        continue;
      }
      const indexes = this.indexes;
      out.push({ line: item.line, raw, result: this.normaliser.normalise((f) => { const i = indexes.get(f); return i === undefined ? undefined : fields[i]; }) });
    }
    return out;
  }

  private readHeader(names: string[]): void {
    const positions = new Map(names.map((n, i) => [n.trim().toLowerCase(), i]));
    const indexes = new Map<ReportField, number>();
    const missing: string[] = [];
    for (const field of REPORT_FIELDS) {
      const column = this.columns[field];
      if (column === undefined) continue;
      const i = positions.get(String(column).trim().toLowerCase());
      if (i === undefined) missing.push(`${field} → "${column}"`);
      else indexes.set(field, i);
    }
    if (missing.length) throw AppError.badInput(`the header line has no column for ${missing.join(', ')} (columns: ${names.join(', ').slice(0, 300)})`);
    this.indexes = indexes;
    this.columnCount = names.length;
  }

  private fromLines(lines: ReturnType<LineSplitter['push']>): RowItem[] {
    const out: RowItem[] = [];
    for (const { line, text, tooLong } of lines) {
      if (!tooLong && text.trim() === '') continue;
      const raw = text.length > RAW_KEPT ? text.slice(0, RAW_KEPT) : text;
      out.push({ line, raw, result: tooLong ? { ok: false, message: 'line too long' } : text.includes(REPLACEMENT) ? BAD_ENCODING : this.jsonRow(text) });
    }
    return out;
  }

  private jsonRow(text: string): Normalised {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      return { ok: false, message: `not JSON: ${(error as Error).message.slice(0, 120)}` };
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, message: 'not a JSON object' };
    const row = value as Record<string, unknown>;
    const columns = this.columns;
    return this.normaliser.normalise((f) => {
      const key = columns[f];
      return key === undefined || !Object.prototype.hasOwnProperty.call(row, key) ? undefined : row[key as string];
    });
  }
}
