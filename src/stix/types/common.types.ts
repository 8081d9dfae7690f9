/** STIX 2.1 common types (§2, §3). Custom properties are allowed on every object via the index signature. */

/** `type--UUID`; the template keeps the type visible in signatures. */
export type Identifier<T extends string = string> = `${T}--${string}`;
/** RFC 3339 UTC with `Z`, kept as the original string (sub-millisecond precision survives). */
export type Timestamp = string;

/** Custom `x_` properties and toplevel extension properties are kept untouched. */
export interface CustomProperties {
  [property: string]: unknown;
}

export type Hashes = Record<string, string>;

export interface ExternalReference {
  source_name: string;
  description?: string;
  url?: string;
  hashes?: Hashes;
  external_id?: string;
  [property: string]: unknown;
}

export interface KillChainPhase {
  kill_chain_name: string;
  phase_name: string;
}

export interface GranularMarking {
  selectors: string[];
  marking_ref?: Identifier<'marking-definition'>;
  lang?: string;
}

/** Keyed by `extension-definition--UUID` or a predefined `*-ext` name. */
export type Extensions = Record<string, Record<string, unknown> & { extension_type?: string }>;

/** Common properties of SDOs and SROs (§3.2). */
export interface CoreObject<T extends string> extends CustomProperties {
  type: T;
  spec_version: '2.1';
  id: Identifier<T>;
  created_by_ref?: Identifier<'identity'>;
  created: Timestamp;
  modified: Timestamp;
  revoked?: boolean;
  labels?: string[];
  confidence?: number;
  lang?: string;
  external_references?: ExternalReference[];
  object_marking_refs?: Identifier<'marking-definition'>[];
  granular_markings?: GranularMarking[];
  extensions?: Extensions;
}

/** Common properties of SCOs (§6.1). */
export interface CyberObservableCore<T extends string> extends CustomProperties {
  type: T;
  id: Identifier<T>;
  spec_version?: '2.1';
  object_marking_refs?: Identifier<'marking-definition'>[];
  granular_markings?: GranularMarking[];
  defanged?: boolean;
  extensions?: Extensions;
}
