/** Every type the validator knows, by name, and the category lists reference checks resolve against. */
import { type Category, type TypeDefinition } from './definition.types';
import { META_DEFINITIONS } from './meta.definitions';
import { SCO_DEFINITIONS } from './sco.definitions';
import { SDO_DEFINITIONS, SRO_DEFINITIONS } from './sdo.definitions';

export const TYPE_DEFINITIONS: ReadonlyMap<string, TypeDefinition> = new Map(
  [...SDO_DEFINITIONS, ...SRO_DEFINITIONS, ...SCO_DEFINITIONS, ...META_DEFINITIONS].map((d) => [d.type, d]),
);

function typesOf(category: Category): ReadonlySet<string> {
  return new Set([...TYPE_DEFINITIONS.values()].filter((d) => d.category === category).map((d) => d.type));
}
export const SDO_TYPES = typesOf('sdo');
export const SRO_TYPES = typesOf('sro');
export const SCO_TYPES = typesOf('sco');
export const META_TYPES = typesOf('meta');

export function categoryOf(type: string): Category | 'bundle' | undefined {
  return type === 'bundle' ? 'bundle' : TYPE_DEFINITIONS.get(type)?.category;
}
