import { arrayLiteral } from './pg-array';

describe('PostgreSQL array literals', () => {
  it('quotes every text element, escaping quotes and backslashes, and writes NULL and numbers as such', () => {
    expect(arrayLiteral(['mirai', 'null', 'a "b" \\c', '', null, 'x,y{}'])).toBe('{"mirai","null","a \\"b\\" \\\\c","",NULL,"x,y{}"}');
    expect(arrayLiteral([1, 2.5, null, 1795387221820])).toBe('{1,2.5,NULL,1795387221820}');
  });

  it('sends a column without any value as {} (unnest pads it with NULLs)', () => {
    expect(arrayLiteral([null, null])).toBe('{}');
    expect(arrayLiteral([])).toBe('{}');
  });
});
