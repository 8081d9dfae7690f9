import { LineSplitter, type Line } from './line-splitter';

function split(text: string, chunk: number, max = 100): Line[] {
  const s = new LineSplitter(max);
  const out: Line[] = [];
  for (let i = 0; i < text.length; i += chunk) out.push(...s.push(text.slice(i, i + chunk)));
  return [...out, ...s.end()];
}

describe('LineSplitter', () => {
  it.each([1, 3, 1000])('splits LF and CRLF lines the same in chunks of %i', (chunk) => {
    expect(split('\uFEFFa\r\nbb\n\nccc', chunk)).toEqual([
      { line: 1, text: 'a' },
      { line: 2, text: 'bb' },
      { line: 3, text: '' },
      { line: 4, text: 'ccc' },
    ]);
  });

  it('refuses an over-long line once, without buffering it, and goes on', () => {
    const lines = split(`${'x'.repeat(250)}\nok\n`, 10, 100);
    expect(lines.map((l) => [l.line, l.tooLong ?? false, l.text.slice(0, 3)])).toEqual([
      [1, true, 'xxx'],
      [2, false, 'ok'],
    ]);
  });
});
