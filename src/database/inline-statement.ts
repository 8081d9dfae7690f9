import { escapeLiteral } from 'pg';

/**
 * pg's own conversion of a query parameter to the text it sends, so that an inlined value is the same text
 * PostgreSQL would have received as a parameter (arrays as array literals, dates as ISO timestamps).
 * pg exports it without a type declaration.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { prepareValue } = require('pg/lib/utils') as { prepareValue(value: unknown): string | Buffer | null };

/** One SQL statement with `$n` placeholders and its parameters. */
export interface Statement {
  readonly sql: string;
  readonly params: readonly unknown[];
}

/**
 * The statement with each `$n` replaced by the quoted literal of its parameter. A quoted literal is of
 * unknown type until its context or a cast gives it one, exactly like an untyped parameter, so the statement
 * means the same. Only for SQL this codebase writes: a `$n` inside a string literal of the SQL itself would
 * be replaced too, which is why a placeholder without a parameter is an error rather than left alone.
 */
export function inlineStatement({ sql, params }: Statement): string {
  return sql.replace(/\$(\d+)/g, (_match, digits: string) => {
    const index = Number(digits) - 1;
    if (index < 0 || index >= params.length) throw noParameter(digits, params.length);
    return literal(params[index], digits);
  });
}

/** The placeholder numbers the SQL uses, each once, in increasing order. */
export function placeholdersIn(sql: string): number[] {
  return [...new Set([...sql.matchAll(/\$(\d+)/g)].map((m) => Number(m[1])))].sort((a, b) => a - b);
}

/** The error for a `$n` without a parameter. */
export function noParameter(placeholder: number | string, given: number): Error {
  return new Error(`placeholder $${placeholder} has no parameter (${given} given)`);
}

/** A parameter as a quoted literal (NULL for null). */
export function literal(value: unknown, placeholder = '?'): string {
  const text = prepareValue(value);
  if (text === null) return 'NULL';
  if (typeof text !== 'string') throw new Error(`placeholder $${placeholder}: binary parameters cannot be inlined`);
  return escapeLiteral(text);
}
