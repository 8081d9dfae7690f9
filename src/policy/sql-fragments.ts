import { SHARING_COLUMNS } from './shareable';

/** A SQL boolean condition and its positional parameters ($n), for pg / TypeORM `query(sql, params)`. */
export interface SqlCondition {
  readonly sql: string;
  readonly params: unknown[];
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Aliases and table names are SQL text, not parameters, so only plain identifiers pass. They come from
 * our own code, never from a partner, but a typo should fail loudly rather than build odd SQL.
 */
export function assertIdentifier(name: string, what: string): string {
  if (!IDENTIFIER.test(name)) throw new Error(`${what} must be a plain SQL identifier (got ${JSON.stringify(name)})`);
  return name;
}

export type SharingColumn = keyof typeof SHARING_COLUMNS;

/** `alias.column`, or the bare column when there is no alias (inside CREATE POLICY). */
export function columnRef(alias: string | undefined): (c: SharingColumn) => string {
  const prefix = alias === undefined ? '' : `${assertIdentifier(alias, 'alias')}.`;
  return (c) => `${prefix}${SHARING_COLUMNS[c]}`;
}

/**
 * Quotes one of OUR constants (a TLP level, trust level or partner kind) as a SQL literal. These never
 * come from input; the check makes sure they stay that way.
 */
export function constantLiteral(value: string): string {
  if (!/^[A-Z_+]+$/.test(value)) throw new Error(`not a policy constant: ${JSON.stringify(value)}`);
  return `'${value}'`;
}

export function textArrayLiteral(values: readonly string[]): string {
  return `ARRAY[${values.map(constantLiteral).join(', ')}]::text[]`;
}
