/**
 * The collections HOME defines (table taxii_collections, edited through GraphQL): named views of the one
 * store, each with per-partner-kind read and write rights. A view only narrows: what a partner receives
 * from any of them is still exactly what the sharing policy lets it see. Pure: rights and validation.
 */
import { PARTNER_KINDS, type Actor, type PartnerKind } from '../auth/actor';
import { AppError, type ProblemDetail } from '../common/errors/app-error';
import type { StoreView } from '../stix/store/stix-taxii-query.service';
import { TLP_LEVELS, type TlpLevel } from '../stix/tlp.constants';

export interface TaxiiCollection {
  readonly id: string;
  /** The TAXII `alias`: a short stable name (e.g. `indicators`). */
  readonly name: string;
  readonly title: string;
  readonly description: string;
  readonly view: StoreView;
  readonly read: readonly PartnerKind[];
  readonly write: readonly PartnerKind[];
  /** The marking given to posted objects that carry none (else DEFAULT_TLP applies). */
  readonly defaultMarking?: TlpLevel;
}

/** What HOME sets: every field of a collection; `types` / `markings` null mean "any". */
export interface CollectionFields {
  readonly alias: string;
  readonly title: string;
  readonly description: string;
  readonly types: readonly string[] | null;
  readonly markings: readonly TlpLevel[] | null;
  readonly readKinds: readonly PartnerKind[];
  readonly writeKinds: readonly PartnerKind[];
  readonly defaultMarking: TlpLevel | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ALIAS = /^[a-z0-9][a-z0-9-]{0,62}$/;
/** A STIX type name (STIX 2.1 §3.1): 3-250 lowercase ASCII letters, digits and hyphens. */
const STIX_TYPE = /^[a-z0-9][a-z0-9-]{1,248}[a-z0-9]$/;

export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/** Rights as the collection resource states them: writing also needs a role that may submit (as in GraphQL). */
export function accessOf(actor: Actor, collection: TaxiiCollection): { canRead: boolean; canWrite: boolean } {
  if (!actor.active) return { canRead: false, canWrite: false };
  const mayWrite = actor.roles.includes('ANALYST') || actor.roles.includes('SYNC');
  return { canRead: collection.read.includes(actor.partnerKind), canWrite: mayWrite && collection.write.includes(actor.partnerKind) };
}

function listProblems<T extends string>(path: string, values: readonly T[] | null, allowed: ((v: T) => boolean) | readonly T[], what: string, required: boolean): ProblemDetail[] {
  if (values === null) return required ? [{ path, message: 'is required' }] : [];
  const ok = typeof allowed === 'function' ? allowed : (v: T) => allowed.includes(v);
  const problems: ProblemDetail[] = [];
  if (!required && values.length === 0) problems.push({ path, message: 'must hold at least one value, or be null for any' });
  if (values.length > 100) problems.push({ path, message: 'must hold at most 100 values' });
  const bad = values.filter((v) => !ok(v));
  if (bad.length > 0) problems.push({ path, message: `${bad.map((b) => JSON.stringify(b)).join(', ')} ${bad.length === 1 ? 'is' : 'are'} not ${what}` });
  if (new Set(values).size !== values.length) problems.push({ path, message: 'holds a value twice' });
  return problems;
}

/** Every problem at once, each naming its field; the fields trimmed and de-duplicated when all is well. */
export function checkCollection(fields: CollectionFields, id?: string): CollectionFields {
  const problems: ProblemDetail[] = [];
  if (id !== undefined && !isUuid(id)) problems.push({ path: 'id', message: 'must be a UUID in lowercase (e.g. 0c5b752c-dc58-5a74-aa1c-cd57df97a2fc)' });
  if (!ALIAS.test(fields.alias)) problems.push({ path: 'alias', message: 'must be 1-63 lowercase letters, digits or hyphens, starting with a letter or digit' });
  const title = fields.title.trim();
  if (title.length === 0 || title.length > 200) problems.push({ path: 'title', message: 'must be 1-200 characters' });
  if (fields.description.length > 2000) problems.push({ path: 'description', message: 'must be at most 2000 characters' });
  problems.push(...listProblems('types', fields.types, (t: string) => STIX_TYPE.test(t), 'a STIX type name', false));
  problems.push(...listProblems('markings', fields.markings, TLP_LEVELS, 'a TLP level', false));
  problems.push(...listProblems('readKinds', fields.readKinds, PARTNER_KINDS, 'a partner kind', true));
  problems.push(...listProblems('writeKinds', fields.writeKinds, PARTNER_KINDS, 'a partner kind', true));
  if (fields.defaultMarking !== null && !TLP_LEVELS.includes(fields.defaultMarking)) problems.push({ path: 'defaultMarking', message: 'is not a TLP level' });
  // Objects posted unmarked would get a marking that puts them outside the collection they were posted to.
  else if (fields.defaultMarking !== null && fields.markings !== null && !fields.markings.includes(fields.defaultMarking)) {
    problems.push({ path: 'defaultMarking', message: 'must be one of the collection\'s markings' });
  }
  if (problems.length > 0) throw AppError.invalid(problems, 'invalid TAXII collection');
  return { ...fields, title, description: fields.description.trim() };
}
