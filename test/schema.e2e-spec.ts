import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { startTestApp, type TestApp } from './support/test-app';

const SCHEMA_FILE = path.join(__dirname, '..', 'schema', 'schema.gql');

/** The committed schema is the contract with partners: any change to it must be a reviewed diff. */
describe('schema/schema.gql', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('matches the schema the code generates (npm run schema:generate rewrites it)', () => {
    const generated = printSchema(lexicographicSortSchema(t.app.get(GraphQLSchemaHost).schema)) + '\n';
    if (process.env.UPDATE_SCHEMA === '1') writeFileSync(SCHEMA_FILE, generated);
    expect(readFileSync(SCHEMA_FILE, 'utf8')).toBe(generated);
  });
});
