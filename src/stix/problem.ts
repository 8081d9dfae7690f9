/** One thing wrong with an input, located by a JSONPath-like path (`$.objects[3].valid_from`). */
export interface StixProblem {
  path: string;
  message: string;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Appends a property to a path: `.name` when it reads as an identifier, `['SHA-256']` otherwise. */
export function childPath(base: string, key: string): string {
  return IDENTIFIER.test(key) ? `${base}.${key}` : `${base}['${key.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}']`;
}

export function indexPath(base: string, index: number): string {
  return `${base}[${index}]`;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
