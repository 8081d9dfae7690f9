/**
 * The collections HOME defines: named views of the one store, each with per-partner-kind read and write
 * rights. What a partner receives from any of them is still exactly what the sharing policy lets it see.
 * A static default set for now (a table or JSON file later); ids are UUIDv5 of the name, so they never
 * change between restarts or replicas. Pure.
 */
import type { Actor, PartnerKind } from '../auth/actor';
import { uuidV5 } from '../stix/uuid5';
import type { StoreView } from '../stix/store/stix-taxii-query.service';
import type { TlpLevel } from '../stix/tlp.constants';

export interface CollectionDefinition {
  readonly name: string;
  readonly title: string;
  readonly description: string;
  readonly view: StoreView;
  readonly read: readonly PartnerKind[];
  readonly write: readonly PartnerKind[];
  /** The marking given to posted objects that carry none (else DEFAULT_TLP applies). */
  readonly defaultMarking?: TlpLevel;
}

export interface TaxiiCollection extends CollectionDefinition {
  readonly id: string;
}

/** Namespace of collection ids (a fixed random UUID; changing it changes every id). */
const COLLECTION_NAMESPACE = '6b1f3c8e-5d0a-4d7e-9a53-2f4c1e8b7a90';

const EVERY_KIND: readonly PartnerKind[] = ['HOME', 'CERT', 'LAW_ENFORCEMENT', 'GOVERNMENT', 'ISP', 'REGISTRY', 'OTHER'];

export const DEFAULT_COLLECTIONS: readonly CollectionDefinition[] = [
  {
    name: 'indicators',
    title: 'Indicators',
    description: 'Indicators of compromise you may see.',
    view: { types: ['indicator'] },
    read: EVERY_KIND,
    write: ['HOME', 'CERT', 'LAW_ENFORCEMENT', 'ISP', 'REGISTRY'],
  },
  {
    name: 'advisories',
    title: 'Public advisories',
    description: 'Everything marked TLP:CLEAR: free to pass on.',
    view: { markings: ['CLEAR'] },
    read: EVERY_KIND,
    write: ['HOME'],
    defaultMarking: 'CLEAR',
  },
  {
    name: 'incidents',
    title: 'Incidents',
    description: 'Incidents, sightings and observed data you may see.',
    view: { types: ['incident', 'sighting', 'observed-data'] },
    read: ['HOME', 'CERT', 'LAW_ENFORCEMENT', 'GOVERNMENT'],
    write: ['HOME', 'CERT'],
  },
  {
    name: 'all',
    title: 'Everything',
    description: 'Every object you may see.',
    view: {},
    read: EVERY_KIND,
    write: ['HOME', 'CERT'],
  },
];

export function withIds(definitions: readonly CollectionDefinition[]): TaxiiCollection[] {
  return definitions.map((d) => ({ ...d, id: uuidV5(`taxii-collection:${d.name}`, COLLECTION_NAMESPACE) }));
}

/** Rights as the collection resource states them: writing also needs a role that may submit (as in GraphQL). */
export function accessOf(actor: Actor, collection: CollectionDefinition): { canRead: boolean; canWrite: boolean } {
  if (!actor.active) return { canRead: false, canWrite: false };
  const mayWrite = actor.roles.includes('ANALYST') || actor.roles.includes('SYNC');
  return { canRead: collection.read.includes(actor.partnerKind), canWrite: mayWrite && collection.write.includes(actor.partnerKind) };
}
