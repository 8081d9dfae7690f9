/**
 * Recursive-descent parser for the STIX 2.1 patterning language (§9, grammar STIXPattern.g4).
 * Precedence, loosest first: FOLLOWEDBY, OR, AND between observations; OR, AND inside `[ ]`.
 * Qualifiers (WITHIN, REPEATS, START/STOP) are postfix on an observation expression.
 */
import { type ComparisonExpression, type ComparisonOperator, type Literal, type LiteralValue, type ObjectPath, type ObservationExpression, type PathComponent, type PatternAst } from './pattern.ast';
import { PatternSyntaxError } from './pattern.error';
import { type Token, tokenize } from './pattern.lexer';
import { compareTimestamps } from '../timestamp';

export { PatternSyntaxError };

export function parsePattern(pattern: string): PatternAst {
  return new Parser(tokenize(pattern)).parse();
}

const COMPARISON_KEYWORDS = new Set(['IN', 'LIKE', 'MATCHES', 'ISSUBSET', 'ISSUPERSET']);
const STRING_ONLY = new Set(['LIKE', 'MATCHES', 'ISSUBSET', 'ISSUPERSET']);
const ORDERING = new Set(['>', '<', '>=', '<=']);

function describe(t: Token): string {
  return t.type === 'eof' ? 'end of pattern' : `'${t.text}'`;
}

/** Deeper nesting is refused rather than risking the stack on hostile input. */
const MAX_DEPTH = 64;

class Parser {
  private i = 0;
  private depth = 0;

  constructor(private readonly tokens: Token[]) {}

  parse(): PatternAst {
    const ast = this.followedBy();
    const t = this.peek();
    if (t.type !== 'eof') throw new PatternSyntaxError(`unexpected ${describe(t)}`, t.position);
    return ast;
  }

  private enter(t: Token): void {
    if (++this.depth > MAX_DEPTH) throw new PatternSyntaxError(`nested deeper than ${MAX_DEPTH}`, t.position);
  }
  private peek(): Token {
    return this.tokens[this.i];
  }
  private next(): Token {
    return this.tokens[this.i++];
  }
  private isKeyword(word: string): boolean {
    const t = this.tokens[this.i];
    return t.type === 'keyword' && t.text === word;
  }
  private expect(type: Token['type'], label = `'${type}'`): Token {
    const t = this.peek();
    if (t.type !== type) throw new PatternSyntaxError(`expected ${label}`, t.position);
    return this.next();
  }
  private expectKeyword(word: string): void {
    const t = this.peek();
    if (t.type !== 'keyword' || t.text !== word) throw new PatternSyntaxError(`expected ${word}`, t.position);
    this.i++;
  }

  // Observation level.
  private followedBy(): ObservationExpression {
    let left = this.observationOr();
    while (this.isKeyword('FOLLOWEDBY')) {
      this.i++;
      left = { type: 'followedby', left, right: this.observationOr() };
    }
    return left;
  }
  private observationOr(): ObservationExpression {
    let left = this.observationAnd();
    while (this.isKeyword('OR')) {
      this.i++;
      left = { type: 'observation-or', left, right: this.observationAnd() };
    }
    return left;
  }
  private observationAnd(): ObservationExpression {
    let left = this.qualified();
    while (this.isKeyword('AND')) {
      this.i++;
      left = { type: 'observation-and', left, right: this.qualified() };
    }
    return left;
  }
  private qualified(): ObservationExpression {
    let expression = this.observation();
    for (;;) {
      if (this.isKeyword('WITHIN')) {
        this.i++;
        const t = this.peek();
        if ((t.type !== 'int' && t.type !== 'float') || Number(t.text) <= 0) throw new PatternSyntaxError('expected a positive number of seconds', t.position);
        this.i++;
        this.expectKeyword('SECONDS');
        expression = { type: 'qualified', expression, qualifier: { kind: 'WITHIN', seconds: Number(t.text) } };
      } else if (this.isKeyword('REPEATS')) {
        this.i++;
        const t = this.peek();
        if (t.type !== 'int' || Number(t.text) <= 0) throw new PatternSyntaxError('expected a positive integer', t.position);
        this.i++;
        this.expectKeyword('TIMES');
        expression = { type: 'qualified', expression, qualifier: { kind: 'REPEATS', times: Number(t.text) } };
      } else if (this.isKeyword('START')) {
        this.i++;
        const start = this.expect('timestamp', "a timestamp t'…'").text;
        this.expectKeyword('STOP');
        const stopToken = this.expect('timestamp', "a timestamp t'…'");
        if (compareTimestamps(stopToken.text, start) <= 0) throw new PatternSyntaxError('STOP must be later than START', stopToken.position);
        expression = { type: 'qualified', expression, qualifier: { kind: 'START_STOP', start, stop: stopToken.text } };
      } else {
        return expression;
      }
    }
  }
  private observation(): ObservationExpression {
    const t = this.peek();
    if (t.type === '[') {
      this.i++;
      const comparison = this.comparisonOr();
      this.expect(']');
      return { type: 'observation', comparison, position: t.position };
    }
    if (t.type === '(') {
      this.i++;
      this.enter(t);
      const inner = this.followedBy();
      this.expect(')');
      this.depth--;
      return inner;
    }
    throw new PatternSyntaxError("expected '['", t.position);
  }

  // Comparison level, inside [ ].
  private comparisonOr(): ComparisonExpression {
    let left = this.comparisonAnd();
    while (this.isKeyword('OR')) {
      this.i++;
      left = { type: 'comparison-or', left, right: this.comparisonAnd() };
    }
    return left;
  }
  private comparisonAnd(): ComparisonExpression {
    let left = this.propTest();
    while (this.isKeyword('AND')) {
      this.i++;
      left = { type: 'comparison-and', left, right: this.propTest() };
    }
    return left;
  }
  private propTest(): ComparisonExpression {
    const t = this.peek();
    if (t.type === '(') {
      this.i++;
      this.enter(t);
      const inner = this.comparisonOr();
      this.expect(')');
      this.depth--;
      return inner;
    }
    if (this.isKeyword('EXISTS')) {
      this.i++;
      return { type: 'exists', path: this.objectPath(), position: t.position };
    }
    const path = this.objectPath();
    let negated = false;
    if (this.isKeyword('NOT')) {
      negated = true;
      this.i++;
    }
    const opToken = this.peek();
    let operator: ComparisonOperator;
    if (opToken.type === 'op') operator = opToken.text as ComparisonOperator;
    else if (opToken.type === 'keyword' && COMPARISON_KEYWORDS.has(opToken.text)) operator = opToken.text as ComparisonOperator;
    else throw new PatternSyntaxError('expected a comparison operator', opToken.position);
    this.i++;
    const valueToken = this.peek();
    let value: Literal;
    if (operator === 'IN') {
      value = this.setLiteral();
    } else {
      value = this.primitive();
      if (STRING_ONLY.has(operator) && value.kind !== 'string') throw new PatternSyntaxError(`${operator} needs a string`, valueToken.position);
      if (ORDERING.has(operator) && value.kind === 'bool') throw new PatternSyntaxError(`${operator} cannot compare a boolean`, valueToken.position);
    }
    return { type: 'comparison', path, operator, negated, value, position: t.position };
  }

  private objectPath(): ObjectPath {
    const typeToken = this.expect('ident', 'an object type');
    if (!/^[a-z][a-z0-9-]*$/.test(typeToken.text) || typeToken.text.length < 3) throw new PatternSyntaxError('invalid object type', typeToken.position);
    this.expect(':', "':'");
    const components: PathComponent[] = [{ key: this.pathKey() }];
    for (;;) {
      const t = this.peek();
      if (t.type === '.') {
        this.i++;
        components.push({ key: this.pathKey() });
      } else if (t.type === '[') {
        const idx = this.tokens[this.i + 1];
        if (idx.type === '*') components.push({ any: true });
        else if (idx.type === 'int' && !idx.text.startsWith('+')) components.push({ index: Number(idx.text) });
        else return { objectType: typeToken.text, components };
        this.i += 2;
        this.expect(']');
      } else {
        return { objectType: typeToken.text, components };
      }
    }
  }
  private pathKey(): string {
    const t = this.peek();
    if (t.type === 'string') return this.next().text;
    if (t.type === 'ident' || t.type === 'bool' || t.type === 'keyword') {
      if (t.text.includes('-')) throw new PatternSyntaxError("a property name with '-' must be quoted", t.position);
      return this.next().text;
    }
    throw new PatternSyntaxError('expected a property name', t.position);
  }

  private primitive(): LiteralValue {
    const t = this.next();
    switch (t.type) {
      case 'string': case 'timestamp': case 'hex': case 'binary':
        return { kind: t.type, value: t.text };
      case 'int': return { kind: 'int', value: Number(t.text) };
      case 'float': return { kind: 'float', value: Number(t.text) };
      case 'bool': return { kind: 'bool', value: t.text === 'true' };
      default: throw new PatternSyntaxError('expected a literal', t.position);
    }
  }
  private setLiteral(): Literal {
    this.expect('(', "'('");
    const values: LiteralValue[] = [];
    if (this.peek().type !== ')') {
      values.push(this.primitive());
      while (this.peek().type === ',') {
        this.i++;
        values.push(this.primitive());
      }
    }
    this.expect(')', "')'");
    return { kind: 'set', values };
  }
}
