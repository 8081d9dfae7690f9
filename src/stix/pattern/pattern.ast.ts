/** The syntax tree of a STIX 2.1 pattern (§9). Positions are 0-based offsets into the pattern text. */

export type LiteralValue =
  | { kind: 'string'; value: string }
  | { kind: 'int'; value: number }
  | { kind: 'float'; value: number }
  | { kind: 'bool'; value: boolean }
  /** Kept as written: sub-millisecond precision matters. */
  | { kind: 'timestamp'; value: string }
  /** Hex digits as written. */
  | { kind: 'hex'; value: string }
  /** Base64 as written. */
  | { kind: 'binary'; value: string };

export type Literal = LiteralValue | { kind: 'set'; values: LiteralValue[] };

/** A path step: a property name, a list index, or `*` for any list element. */
export type PathComponent = { key: string } | { index: number } | { any: true };

export interface ObjectPath {
  objectType: string;
  components: PathComponent[];
}

export type ComparisonOperator = '=' | '!=' | '>' | '<' | '>=' | '<=' | 'IN' | 'LIKE' | 'MATCHES' | 'ISSUBSET' | 'ISSUPERSET';

export type ComparisonExpression =
  | { type: 'comparison'; path: ObjectPath; operator: ComparisonOperator; negated: boolean; value: Literal; position: number }
  | { type: 'exists'; path: ObjectPath; position: number }
  | { type: 'comparison-and' | 'comparison-or'; left: ComparisonExpression; right: ComparisonExpression };

export type Qualifier =
  | { kind: 'WITHIN'; seconds: number }
  | { kind: 'REPEATS'; times: number }
  | { kind: 'START_STOP'; start: string; stop: string };

export type ObservationExpression =
  | { type: 'observation'; comparison: ComparisonExpression; position: number }
  | { type: 'observation-and' | 'observation-or' | 'followedby'; left: ObservationExpression; right: ObservationExpression }
  | { type: 'qualified'; expression: ObservationExpression; qualifier: Qualifier };

export type PatternAst = ObservationExpression;
