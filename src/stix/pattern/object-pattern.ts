/**
 * An indicator's pattern parsed once per object, for both validation and observable indexing: ingest
 * validates a bundle, then indexes the same objects, and parsing is the larger part of either step.
 * Keyed by the object itself (a WeakMap: nothing outlives the bundle) and checked against the pattern
 * text, so an object whose pattern was changed in between is parsed again.
 */
import type { PatternAst } from './pattern.ast';
import { parsePattern, PatternSyntaxError } from './pattern.parser';

const parsed = new WeakMap<object, { readonly pattern: string; readonly result: PatternAst | PatternSyntaxError }>();

/** The AST of `obj.pattern`; throws PatternSyntaxError for an invalid pattern (every time it is asked). */
export function parseObjectPattern(obj: Readonly<Record<string, unknown>>, pattern: string): PatternAst {
  let entry = parsed.get(obj);
  if (!entry || entry.pattern !== pattern) {
    let result: PatternAst | PatternSyntaxError;
    try {
      result = parsePattern(pattern);
    } catch (e) {
      if (!(e instanceof PatternSyntaxError)) throw e;
      result = e;
    }
    parsed.set(obj, (entry = { pattern, result }));
  }
  if (entry.result instanceof PatternSyntaxError) throw entry.result;
  return entry.result;
}
