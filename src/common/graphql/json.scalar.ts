import { Scalar, type CustomScalar } from '@nestjs/graphql';
import { Kind, type ValueNode } from 'graphql';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function fromLiteral(ast: ValueNode, variables?: Record<string, unknown> | null): Json {
  switch (ast.kind) {
    case Kind.STRING:
    case Kind.BOOLEAN:
      return ast.value;
    case Kind.INT:
    case Kind.FLOAT:
      return Number(ast.value);
    case Kind.NULL:
      return null;
    case Kind.LIST:
      return ast.values.map((v) => fromLiteral(v, variables));
    case Kind.OBJECT:
      return Object.fromEntries(ast.fields.map((f) => [f.name.value, fromLiteral(f.value, variables)]));
    case Kind.VARIABLE:
      return (variables?.[ast.name.value] ?? null) as Json;
    default:
      throw new TypeError(`JSON cannot represent ${ast.kind}`);
  }
}

/** Arbitrary JSON, for STIX objects and bundles whose shape is validated by our STIX validator, not GraphQL. */
@Scalar('JSON')
export class JsonScalar implements CustomScalar<Json, Json> {
  description = 'A JSON value (STIX 2.1 objects and bundles travel as JSON).';

  parseValue(value: unknown): Json {
    return value as Json;
  }

  serialize(value: unknown): Json {
    return value as Json;
  }

  parseLiteral(ast: ValueNode, variables?: Record<string, unknown> | null): Json {
    return fromLiteral(ast, variables);
  }
}
