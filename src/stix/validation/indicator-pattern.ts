/** An indicator whose pattern_type is "stix" must hold a pattern our parser accepts. */
import { parseObjectPattern } from '../pattern/object-pattern';
import { PatternSyntaxError } from '../pattern/pattern.parser';
import { type StixProblem } from '../problem';

export function checkIndicatorPattern(obj: Record<string, unknown>, path: string, out: StixProblem[]): void {
  if (obj.pattern_type !== 'stix' || typeof obj.pattern !== 'string') return;
  try {
    parseObjectPattern(obj, obj.pattern);
  } catch (e) {
    if (!(e instanceof PatternSyntaxError)) throw e;
    out.push({ path: `${path}.pattern`, message: `invalid STIX pattern: ${e.message}` });
  }
}
