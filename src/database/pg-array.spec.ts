import { arrayLiteral } from './pg-array';

// pg exports its serialiser without a type declaration.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { prepareValue } = require('pg/lib/utils') as { prepareValue(value: unknown): unknown };

describe('PostgreSQL array literals', () => {
  it('quotes every text element, escaping quotes and backslashes, and writes NULL, numbers and booleans as such', () => {
    expect(arrayLiteral(['mirai', 'null', 'a "b" \\c', '', null, 'x,y{}'])).toBe('{"mirai","null","a \\"b\\" \\\\c","",NULL,"x,y{}"}');
    expect(arrayLiteral([1, 2.5, null, 1795387221820])).toBe('{1,2.5,NULL,1795387221820}');
    expect(arrayLiteral([true, false, null])).toBe('{t,f,NULL}');
  });

  it('writes text elements exactly as node-postgres does', () => {
    const awkward = ['plain', 'NULL', ' spaced ', '{"a":[1,2]}', 'back\\slash', "it's", 'new\nline', 'ünïcødé', '$1', ''];
    expect(arrayLiteral(awkward)).toBe(prepareValue(awkward));
  });

  it('sends a column without any value as {} (unnest pads it with NULLs)', () => {
    expect(arrayLiteral([null, null])).toBe('{}');
    expect(arrayLiteral([])).toBe('{}');
  });
});
