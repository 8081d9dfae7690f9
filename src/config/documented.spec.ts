import { readFileSync } from 'node:fs';
import * as path from 'node:path';

const root = path.join(__dirname, '..', '..');
const read = (file: string) => readFileSync(path.join(root, file), 'utf8');

/** Every variable the exchange reads is documented for operators, in both places they look. */
describe('configuration documentation', () => {
  const source = read('src/config/app-config.ts');
  const variables = [...new Set([...source.matchAll(/\(env, '([A-Z][A-Z0-9_]+)'/g)].map((m) => m[1]!))];

  it('finds the variables', () => {
    expect(variables).toEqual(expect.arrayContaining(['PORT', 'DATABASE_URL', 'DATA_DIR', 'TOKEN_TTL_SECONDS']));
  });

  it.each(['docs/configuration.md', '.env.example'])('%s names every variable', (file) => {
    const text = read(file);
    expect(variables.filter((v) => !text.includes(v))).toEqual([]);
  });
});
