/**
 * TLP marking definitions: the TLP 2.0 objects (OASIS cti-stix-common-objects, extension
 * `extension-definition--60a3c5c5-…`), the TLP 1.0 objects STIX 2.1 §7.2.1.4 predefines, and the ids
 * other tools use for the same levels. See README.md for how ingest maps them.
 */
import { type MarkingDefinition } from './types/meta.types';

export type TlpLevel = 'CLEAR' | 'GREEN' | 'AMBER' | 'AMBER+STRICT' | 'RED';

/** Least to most restrictive; the index is the rank. */
export const TLP_LEVELS: readonly TlpLevel[] = ['CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED'];

export const TLP_EXTENSION_DEFINITION_ID = 'extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d';

export const TLP_MARKING_IDS: Readonly<Record<TlpLevel, string>> = Object.freeze({
  CLEAR: 'marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487',
  GREEN: 'marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb',
  AMBER: 'marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421',
  'AMBER+STRICT': 'marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003',
  RED: 'marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1',
});

function tlp2(level: TlpLevel): MarkingDefinition {
  return Object.freeze({
    type: 'marking-definition',
    spec_version: '2.1',
    id: TLP_MARKING_IDS[level],
    created: '2022-10-01T00:00:00.000Z',
    name: `TLP:${level}`,
    extensions: { [TLP_EXTENSION_DEFINITION_ID]: { extension_type: 'property-extension', tlp_2_0: level.toLowerCase() } },
  }) as MarkingDefinition;
}

export const TLP_MARKING_DEFINITIONS: Readonly<Record<TlpLevel, MarkingDefinition>> = Object.freeze({
  CLEAR: tlp2('CLEAR'), GREEN: tlp2('GREEN'), AMBER: tlp2('AMBER'), 'AMBER+STRICT': tlp2('AMBER+STRICT'), RED: tlp2('RED'),
});

function tlp1(id: string, colour: string): MarkingDefinition & { name: string; definition: { tlp: string } } {
  return Object.freeze({
    type: 'marking-definition', spec_version: '2.1', id, created: '2017-01-20T00:00:00.000Z',
    definition_type: 'tlp', name: `TLP:${colour.toUpperCase()}`, definition: { tlp: colour },
  }) as MarkingDefinition & { name: string; definition: { tlp: string } };
}

/** STIX 2.1's predefined TLP 1.0 marking definitions (§7.2.1.4). */
export const TLP1_MARKING_DEFINITIONS = [
  tlp1('marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9', 'white'),
  tlp1('marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da', 'green'),
  tlp1('marking-definition--f88d31f6-486f-44da-b317-01333bde0b82', 'amber'),
  tlp1('marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed', 'red'),
] as const;

/** OpenCTI publishes its own AMBER+STRICT under this id instead of the OASIS one. */
export const OPENCTI_AMBER_STRICT_ID = 'marking-definition--826578e1-40ad-459f-bc73-ede076f81f37';

/** Every id read as a TLP level on ingest: TLP 2.0, TLP 1.0 (WHITE is CLEAR), and the OpenCTI AMBER+STRICT. */
export const TLP_LEVEL_BY_ID: ReadonlyMap<string, TlpLevel> = new Map<string, TlpLevel>([
  ...TLP_LEVELS.map((l) => [TLP_MARKING_IDS[l], l] as const),
  [TLP1_MARKING_DEFINITIONS[0].id, 'CLEAR'],
  [TLP1_MARKING_DEFINITIONS[1].id, 'GREEN'],
  [TLP1_MARKING_DEFINITIONS[2].id, 'AMBER'],
  [TLP1_MARKING_DEFINITIONS[3].id, 'RED'],
  [OPENCTI_AMBER_STRICT_ID, 'AMBER+STRICT'],
]);
