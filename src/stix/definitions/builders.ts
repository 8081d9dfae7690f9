/** Short constructors so each type's table reads like the specification's property table. */
import { type Kind, type Prop, type RefTarget } from './definition.types';

export const str: Kind = { kind: 'string' };
export const bool: Kind = { kind: 'boolean' };
export const ts: Kind = { kind: 'timestamp' };
export const int: Kind = { kind: 'integer' };
export const strList: Kind = { kind: 'list', of: str };
export const killChain: Kind = { kind: 'kill-chain-phases' };
export const hashes: Kind = { kind: 'hashes' };
export const dict: Kind = { kind: 'dictionary' };
export const hex: Kind = { kind: 'string', format: 'hex' };

export function req<K extends Kind>(kind: K): Prop {
  return { ...kind, required: true };
}
export function ov(values: readonly string[]): Kind {
  return { kind: 'enum', values, open: true };
}
export function closed(values: readonly string[]): Kind {
  return { kind: 'enum', values, open: false };
}
export function list(of: Kind): Kind {
  return { kind: 'list', of };
}
export function ref(...targets: RefTarget[]): Kind {
  return { kind: 'ref', targets };
}
export function refs(...targets: RefTarget[]): Kind {
  return list(ref(...targets));
}
export function intRange(min?: number, max?: number): Kind {
  return { kind: 'integer', min, max };
}
