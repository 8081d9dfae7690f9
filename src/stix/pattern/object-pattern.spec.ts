import { parseObjectPattern } from './object-pattern';
import { PatternSyntaxError } from './pattern.parser';

describe('parseObjectPattern', () => {
  it('parses an object’s pattern once: validation and indexing share the AST', () => {
    const indicator = { type: 'indicator', pattern: "[ipv4-addr:value = '10.0.0.1']" };
    const first = parseObjectPattern(indicator, indicator.pattern);
    expect(parseObjectPattern(indicator, indicator.pattern)).toBe(first);
    // Another object with the same text is parsed for itself (nothing global to grow).
    expect(parseObjectPattern({ ...indicator }, indicator.pattern)).not.toBe(first);
    expect(parseObjectPattern({ ...indicator }, indicator.pattern)).toEqual(first);
  });

  it('parses again when the pattern text changed', () => {
    const indicator = { pattern: "[ipv4-addr:value = '10.0.0.1']" };
    const first = parseObjectPattern(indicator, indicator.pattern);
    indicator.pattern = "[domain-name:value = 'example.com']";
    expect(parseObjectPattern(indicator, indicator.pattern)).not.toEqual(first);
  });

  it('throws the same syntax error on every ask', () => {
    const bad = { pattern: '[ipv4-addr:value = ' };
    expect(() => parseObjectPattern(bad, bad.pattern)).toThrow(PatternSyntaxError);
    expect(() => parseObjectPattern(bad, bad.pattern)).toThrow(PatternSyntaxError);
  });
});
