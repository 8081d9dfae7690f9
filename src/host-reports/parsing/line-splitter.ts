import { detach } from './csv-parser';

/**
 * Splits streamed text into lines (LF or CRLF), keeping only the unfinished last line between chunks, for
 * JSON lines and network lists. A line longer than the limit is refused and skipped, not buffered.
 */
export interface Line {
  /** 1-based. */
  readonly line: number;
  readonly text: string;
  /** Set when the line was too long: `text` then holds its first 1,000 characters. */
  readonly tooLong?: boolean;
}

export class LineSplitter {
  private tail = '';
  private line = 0;
  private skipping = false;
  private started = false;

  constructor(private readonly maxLineChars = 64 * 1024) {}

  push(chunk: string): Line[] {
    let text = this.tail + chunk;
    if (!this.started && text.length > 0) {
      this.started = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    const lines: Line[] = [];
    let start = 0;
    for (let end = text.indexOf('\n'); end >= 0; end = text.indexOf('\n', start)) {
      this.line++;
      if (this.skipping) this.skipping = false;
      else lines.push({ line: this.line, text: text.slice(start, text.charCodeAt(end - 1) === 13 ? end - 1 : end) });
      start = end + 1;
    }
    this.tail = detach(text.slice(start));
    if (this.tail.length > this.maxLineChars) {
      if (!this.skipping) lines.push({ line: this.line + 1, text: this.tail.slice(0, 1000), tooLong: true });
      this.skipping = true;
      this.tail = '';
    }
    return lines;
  }

  end(): Line[] {
    const rest = this.tail;
    this.tail = '';
    if (this.skipping || rest.length === 0) return [];
    return [{ line: ++this.line, text: rest.charCodeAt(rest.length - 1) === 13 ? rest.slice(0, -1) : rest }];
  }
}
