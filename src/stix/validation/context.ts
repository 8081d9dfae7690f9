import { type StixProblem } from '../problem';

/** What a check needs besides the value: where problems go, and the enclosing observed-data's objects. */
export interface ValidationContext {
  out: StixProblem[];
  /**
   * Inside the deprecated observed-data `objects` dictionary, references may name dictionary keys
   * ("0", "1") instead of identifiers (STIX 2.0 style); this is that dictionary.
   */
  embedded?: Readonly<Record<string, unknown>>;
}
