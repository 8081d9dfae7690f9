/** The pure STIX 2.1 library: types, definitions, validation, patterns, TLP, canonical JSON. No Nest, no database. */
export * from './types/common.types';
export * from './types/sdo.types';
export * from './types/sco.types';
export * from './types/meta.types';
export { type StixProblem } from './problem';
export { validateStixObject, scoId } from './validation/validate-object';
export { validateBundle, type BundleProblem } from './validation/validate-bundle';
export { TYPE_DEFINITIONS, SDO_TYPES, SRO_TYPES, SCO_TYPES, META_TYPES } from './definitions/registry';
export { type TypeDefinition, type Kind, type Prop, type Rule } from './definitions/definition.types';
export { parsePattern, PatternSyntaxError } from './pattern/pattern.parser';
export { type PatternAst, type ObservationExpression, type ComparisonExpression, type Literal, type Qualifier, type PathComponent } from './pattern/pattern.ast';
export { patternComparisons, type PatternComparison, type PatternScalar } from './pattern/pattern-comparisons';
export { observableValues, type ObservableValue, type ObservableKind } from './observable-values';
export { tlpOf, normaliseTlpMarkings } from './tlp';
export {
  TLP_LEVELS, TLP_MARKING_IDS, TLP_MARKING_DEFINITIONS, TLP1_MARKING_DEFINITIONS, TLP_EXTENSION_DEFINITION_ID, TLP_LEVEL_BY_ID,
  OPENCTI_AMBER_STRICT_ID, type TlpLevel,
} from './tlp.constants';
export { canonicalJson } from './canonical-json';
export { stixTimestamp, parseStixTimestamp, compareTimestamps, isStixTimestamp } from './timestamp';
export { uuidV5, STIX_SCO_NAMESPACE } from './uuid5';
export { canonicalIp, parseIpv4, parseIpv6 } from './ip';
