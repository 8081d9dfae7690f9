import { parse, type OperationDefinitionNode } from 'graphql';
import { operationLabel } from './graphql-metrics.plugin';

const op = (query: string) => parse(query).definitions[0] as OperationDefinitionNode;

describe('operationLabel', () => {
  it('names an operation by its root fields, never by the name the client chose', () => {
    expect(operationLabel(op('query AnythingAtAll { stixObjects { edges { cursor } } }'))).toBe('stixObjects');
    expect(operationLabel(op('{ partnerDirectory { name } me { clientId } me2: me { roles } }'))).toBe('me+partnerDirectory');
  });

  it('bounds the label to three root fields', () => {
    expect(operationLabel(op('{ d: ping c: me { clientId } b: partners { id } a: auditVerify { ok } }'))).toBe('auditVerify+me+partners');
  });

  it('has fixed labels for nothing to name', () => {
    expect(operationLabel(undefined)).toBe('unparsed');
    expect(operationLabel(op('{ ...F } fragment F on Query { ping }'))).toBe('fragments');
  });
});
