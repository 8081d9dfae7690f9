/** STIX 2.1 §7 meta objects and the §8 bundle. */
import { type CoreObject, type CustomProperties, type ExternalReference, type Extensions, type GranularMarking, type Identifier, type Timestamp } from './common.types';
import { type StixCyberObservable } from './sco.types';
import { type StixDomainObject, type StixRelationshipObject } from './sdo.types';

export interface MarkingDefinition extends CustomProperties {
  type: 'marking-definition';
  spec_version: '2.1';
  id: Identifier<'marking-definition'>;
  created_by_ref?: Identifier<'identity'>;
  created: Timestamp;
  external_references?: ExternalReference[];
  object_marking_refs?: Identifier<'marking-definition'>[];
  granular_markings?: GranularMarking[];
  extensions?: Extensions;
  name?: string;
  definition_type?: 'statement' | 'tlp';
  definition?: { statement: string } | { tlp: string };
}

export interface LanguageContent extends CoreObject<'language-content'> {
  object_ref: Identifier;
  object_modified?: Timestamp;
  /** Language tag → property → translated value. */
  contents: Record<string, Record<string, unknown>>;
}

export interface ExtensionDefinition extends CoreObject<'extension-definition'> {
  created_by_ref: Identifier<'identity'>;
  name: string;
  description?: string;
  schema: string;
  version: string;
  extension_types: Array<'new-sdo' | 'new-sco' | 'new-sro' | 'property-extension' | 'toplevel-property-extension'>;
  extension_properties?: string[];
}

export type StixMetaObject = MarkingDefinition | LanguageContent | ExtensionDefinition;
export type StixObject = StixDomainObject | StixRelationshipObject | StixCyberObservable | StixMetaObject;

export interface Bundle {
  type: 'bundle';
  id: Identifier<'bundle'>;
  objects?: StixObject[];
}
