import fc from 'fast-check';
import { CsvParser, type CsvItem } from './csv-parser';

function parseAll(text: string, chunkSize = text.length || 1, delimiter = ','): CsvItem[] {
  const parser = new CsvParser({ delimiter, maxRecordChars: 200 });
  const items: CsvItem[] = [];
  for (let i = 0; i < text.length; i += chunkSize) items.push(...parser.push(text.slice(i, i + chunkSize)));
  items.push(...parser.end());
  return items;
}

const records = (items: CsvItem[]) => items.map((i) => (i.kind === 'record' ? i.fields : `ERR@${i.line}: ${i.message}`));

describe('CsvParser', () => {
  it('reads plain, quoted, escaped and empty fields with CRLF or LF endings', () => {
    const items = parseAll('a,b,c\r\n"x, y","say ""hi""",\n1,,"line\nbreak"\n');
    expect(records(items)).toEqual([['a', 'b', 'c'], ['x, y', 'say "hi"', ''], ['1', '', 'line\nbreak']]);
    expect(items.map((i) => i.line)).toEqual([1, 2, 3]);
  });

  it('accepts a last record without a line break, skips blank lines and a byte-order mark', () => {
    expect(records(parseAll('\uFEFFa,b\n\n\nc,d'))).toEqual([['a', 'b'], ['c', 'd']]);
    expect(parseAll('a\n\nb').map((i) => i.line)).toEqual([1, 3]);
  });

  it('uses another delimiter when told', () => {
    expect(records(parseAll('a;b,c;"d;e"\n', 100, ';'))).toEqual([['a', 'b,c', 'd;e']]);
  });

  it('reports an unbalanced quote at the end of the input and keeps the lines after it', () => {
    const items = parseAll('ok,1\n"open,2\nnext,3\n');
    // The open quote swallows to the end, so the record is refused and parsing resumes on its next line.
    expect(records(items)).toEqual([['ok', '1'], 'ERR@2: unbalanced quotes: a quoted field never closes', ['next', '3']]);
    expect(items[1]).toMatchObject({ raw: '"open,2' });
  });

  it('refuses a quote inside an unquoted field and text after a closing quote, one line each', () => {
    expect(records(parseAll('a"b,c\n"x"y,z\ngood,row\n'))).toEqual([
      'ERR@1: a quote inside an unquoted field (quote the whole field and double inner quotes)',
      'ERR@2: unexpected character after a closing quote',
      ['good', 'row'],
    ]);
  });

  it('refuses a record longer than the limit (a runaway quote) without holding the file', () => {
    const text = `"${'x'.repeat(300)}\nafter,1\n`;
    expect(records(parseAll(text, 50))).toEqual(['ERR@1: record longer than 200 characters (an unbalanced quote?)', ['after', '1']]);
  });

  it('refuses a lone carriage return', () => {
    expect(records(parseAll('a\rb,c\nd\n'))).toEqual(['ERR@1: a carriage return that is not part of a CRLF line ending', ['d']]);
  });

  it('gives the same records however the input is cut into chunks', () => {
    const field = fc.string({ maxLength: 8 });
    const table = fc.array(fc.array(field, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 8 });
    fc.assert(
      fc.property(table, fc.integer({ min: 1, max: 17 }), fc.boolean(), (rows, chunk, crlf) => {
        // Rows that would read back differently (one empty field = a blank line) are left out.
        const kept = rows.filter((r) => !(r.length === 1 && r[0] === ''));
        const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;
        const text = kept.map((r) => r.map(quote).join(',')).join(crlf ? '\r\n' : '\n');
        const whole = records(parseAll(text));
        expect(whole).toEqual(kept);
        expect(records(parseAll(text, chunk))).toEqual(whole);
      }),
    );
  });
});
