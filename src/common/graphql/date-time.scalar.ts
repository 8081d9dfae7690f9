import { GraphQLError, GraphQLScalarType, Kind, type ValueNode } from 'graphql';

/** RFC 3339 date-time with an explicit offset (Z or ±hh:mm), fractions optional: what STIX and TAXII use. */
const RFC3339 = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,9})?(?:Z|[+-]\d\d:\d\d)$/i;

function parse(value: unknown): Date {
  if (typeof value !== 'string' || !RFC3339.test(value)) {
    throw new GraphQLError(`DateTime must be an RFC 3339 date-time with a time zone, such as 2026-11-25T09:30:00Z; got ${JSON.stringify(value)?.slice(0, 60)}`, {
      extensions: { code: 'BAD_USER_INPUT' },
    });
  }
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) {
    throw new GraphQLError(`DateTime ${JSON.stringify(value)} is not a real date`, { extensions: { code: 'BAD_USER_INPUT' } });
  }
  return date;
}

/**
 * `DateTime`, strictly. The framework's own scalar turned any string into a Date, an unparseable one into
 * an Invalid Date that reached PostgreSQL and came back as an internal error; this one refuses it with a
 * BAD_USER_INPUT naming the expected form.
 */
export const DateTimeScalar = new GraphQLScalarType<Date, string>({
  name: 'DateTime',
  description: 'An RFC 3339 date-time with a time zone, such as 2026-11-25T09:30:00Z; answered in UTC.',
  parseValue: parse,
  parseLiteral(ast: ValueNode): Date {
    if (ast.kind !== Kind.STRING) throw new GraphQLError('DateTime must be a string', { extensions: { code: 'BAD_USER_INPUT' } });
    return parse(ast.value);
  },
  serialize(value: unknown): string {
    if (value instanceof Date && !Number.isNaN(value.getTime())) return value.toISOString();
    // A timestamp read as text (PostgreSQL's or ISO form) is answered in the same UTC form.
    if (typeof value === 'string' && !Number.isNaN(Date.parse(value))) return new Date(value).toISOString();
    throw new TypeError('DateTime cannot represent this value');
  },
});
