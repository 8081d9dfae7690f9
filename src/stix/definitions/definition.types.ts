/**
 * The declarative shape of a STIX type, one table per type (the OpenCTI habit): which properties exist,
 * what kind of value each holds, which are required, and the few cross-property rules. The validator is
 * driven entirely by these tables.
 */
import { type StixProblem } from '../problem';

/** A reference target: type names, or a category resolved against the known type lists. */
export type RefTarget = string | 'sdo' | 'sco' | 'sro' | 'any';

export type Kind =
  | { kind: 'string'; pattern?: RegExp; notPattern?: RegExp; patternHint?: string; format?: 'uri' | 'email' | 'hostname' | 'lang' | 'binary' | 'hex' }
  | { kind: 'timestamp'; millis?: boolean; secondsOnly?: boolean }
  /** An identifier; `targets` limits the type it points at, `excluded` rules some out. */
  | { kind: 'ref'; targets?: readonly RefTarget[]; excluded?: readonly string[] }
  | { kind: 'list'; of: Kind; allowEmpty?: boolean; minItems?: number }
  /** Closed enumerations are checked; open vocabularies are recorded for documentation only. */
  | { kind: 'enum'; values: readonly string[]; open: boolean }
  | { kind: 'integer'; min?: number; max?: number }
  | { kind: 'number'; min?: number; max?: number }
  | { kind: 'boolean'; only?: boolean }
  | { kind: 'hashes'; vocabularyOnly?: boolean }
  | { kind: 'kill-chain-phases' }
  | { kind: 'external-references' }
  | { kind: 'granular-markings' }
  | { kind: 'extensions'; predefined?: Readonly<Record<string, ObjectShape>>; definitionsOnly?: boolean }
  /** A dictionary: keys per STIX, values of `values` kind when given (any non-null JSON otherwise). */
  | { kind: 'dictionary'; values?: Kind; keyPattern?: RegExp }
  | { kind: 'object'; shape: ObjectShape }
  /** The id of the object itself, checked separately. */
  | { kind: 'id' }
  /** Passes when any alternative passes; `hint` names the alternatives in the problem message. */
  | { kind: 'union'; of: readonly Kind[]; hint: string }
  | { kind: 'any' };

export type Prop = Kind & { required?: boolean };

/** Cross-property rules the per-property kinds cannot say. */
export type Rule =
  | { rule: 'at-least-one'; of: readonly string[] }
  | { rule: 'exactly-one'; of: readonly string[] }
  /** When `if` is present, every property in `then` must be too. */
  | { rule: 'requires'; if: string; then: readonly string[] }
  | { rule: 'excludes'; if: string; then: readonly string[] }
  /** Timestamp order; `strict` demands later rather than later-or-equal. */
  | { rule: 'order'; earlier: string; later: string; strict?: boolean }
  | { rule: 'custom'; check: (obj: Record<string, unknown>, path: string, out: StixProblem[]) => void };

export interface ObjectShape {
  props: Readonly<Record<string, Prop>>;
  rules?: readonly Rule[];
  /** Unknown properties are refused (nested shapes only; top-level custom properties are always kept). */
  closed?: boolean;
  /** Apply STIX property-name and non-null/non-empty rules to every key (the OASIS properties schema). */
  propertyRules?: boolean;
}

export type Category = 'sdo' | 'sro' | 'sco' | 'meta';

export interface TypeDefinition extends ObjectShape {
  type: string;
  category: Category;
  /** SCOs only: the properties the deterministic UUIDv5 id is computed from (STIX 2.1 §6). */
  idContributing?: readonly string[];
}
