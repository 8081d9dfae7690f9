/** Flattens a pattern's comparisons for indexing: which object type and property each one tests, and how. */
import { type ComparisonExpression, type Literal, type LiteralValue, type ObservationExpression, type PathComponent } from './pattern.ast';

export type PatternScalar = string | number | boolean;

export interface PatternComparison {
  objectType: string;
  /** The property path in pattern syntax: `value`, `hashes.'SHA-256'`, `extensions.'x-ext'.items[*].name`. */
  path: string;
  components: PathComponent[];
  /** The operator, `EXISTS` for an existence test. */
  operator: string;
  negated: boolean;
  /** A scalar, or the members of an IN set; undefined for EXISTS. */
  value: PatternScalar | PatternScalar[] | undefined;
  valueKind: Literal['kind'] | undefined;
  /** Index of the `[ … ]` observation this comparison sits in, in reading order. */
  observation: number;
}

const PLAIN_KEY = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

export function formatPath(components: readonly PathComponent[]): string {
  let out = '';
  components.forEach((c, i) => {
    if ('key' in c) {
      const key = PLAIN_KEY.test(c.key) ? c.key : `'${c.key.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
      out += i === 0 ? key : `.${key}`;
    } else {
      out += 'any' in c ? '[*]' : `[${c.index}]`;
    }
  });
  return out;
}

function scalar(v: LiteralValue): PatternScalar {
  return v.value;
}

export function patternComparisons(ast: ObservationExpression): PatternComparison[] {
  const out: PatternComparison[] = [];
  let observation = 0;
  const walkObservation = (e: ObservationExpression): void => {
    if (e.type === 'observation') walkComparison(e.comparison, observation++);
    else if (e.type === 'qualified') walkObservation(e.expression);
    else {
      walkObservation(e.left);
      walkObservation(e.right);
    }
  };
  const walkComparison = (c: ComparisonExpression, index: number): void => {
    if (c.type === 'exists') {
      out.push({ objectType: c.path.objectType, path: formatPath(c.path.components), components: c.path.components, operator: 'EXISTS', negated: false, value: undefined, valueKind: undefined, observation: index });
    } else if (c.type === 'comparison') {
      const value = c.value.kind === 'set' ? c.value.values.map(scalar) : scalar(c.value);
      out.push({ objectType: c.path.objectType, path: formatPath(c.path.components), components: c.path.components, operator: c.operator, negated: c.negated, value, valueKind: c.value.kind, observation: index });
    } else {
      walkComparison(c.left, index);
      walkComparison(c.right, index);
    }
  };
  walkObservation(ast);
  return out;
}
