/**
 * The pure part of ingest: from a validated bundle to the versions to write, with every rejection
 * located (index, id, JSON path). No database: the service passes in what the store already holds.
 */
import { observableValues } from '../observable-values';
import { isPlainObject } from '../problem';
import { normaliseTlpMarkings, tlpOf } from '../tlp';
import { TLP_LEVEL_BY_ID, TLP_MARKING_IDS, type TlpLevel } from '../tlp.constants';
import type { BundleProblem } from '../validation/validate-bundle';
import type { NewVersion, Rejection } from './stix-store.types';

const EPOCH = '1970-01-01T00:00:00Z';

/** A STIX timestamp cut (not rounded) to microseconds, six digits: PostgreSQL's timestamptz(6) text. */
export function modifiedKey(ts: string): string {
  const fraction = ts.length > 20 ? ts.slice(20, -1) : '';
  return `${ts.slice(0, 19)}.${fraction.slice(0, 6).padEnd(6, '0')}Z`;
}

export function rejectionsFromProblems(problems: readonly BundleProblem[]): Rejection[] {
  return problems.map((p) => ({ index: p.index ?? null, id: p.id ?? null, path: p.path, message: p.message, code: 'INVALID' as const }));
}

/**
 * Buffer.byteLength(JSON.stringify(bundle)) without making that string: the envelope with an empty list,
 * plus each object's text and the commas between them (JSON.stringify writes a list as exactly that).
 */
export function jsonSize(bundle: unknown): { bytes: number; texts?: string[] } {
  if (!isPlainObject(bundle) || !Array.isArray(bundle.objects)) return { bytes: Buffer.byteLength(JSON.stringify(bundle ?? null) ?? 'null') };
  const texts = bundle.objects.map((o: unknown) => JSON.stringify(o) ?? 'null');
  let bytes = Buffer.byteLength(JSON.stringify({ ...bundle, objects: [] })) + Math.max(0, texts.length - 1);
  for (const t of texts) bytes += Buffer.byteLength(t);
  return { bytes, texts };
}

export interface Submitter {
  readonly identityRef: string;
}

/**
 * Turns each valid object into the version we store: TLP markings normalised to the TLP 2.0 ids (the
 * default marking added when none is found), `created_by_ref` set to the submitter on objects that carry
 * the common SDO/SRO properties and have none. Objects with problems are skipped (already rejected).
 * The predefined TLP marking definitions that exports carry are built in: counted, never stored.
 * `texts`: each object's JSON text when the caller has it (the byte limit made it): a version the two
 * changes leave alone, or only extend with `created_by_ref`, reuses it rather than serialising again.
 */
export function prepareVersions(
  objects: readonly unknown[],
  invalid: ReadonlySet<number>,
  submitter: Submitter,
  defaultMarking: TlpLevel | null,
  texts?: readonly string[],
): { versions: NewVersion[]; builtins: number } {
  const out: NewVersion[] = [];
  let builtins = 0;
  objects.forEach((raw, index) => {
    if (invalid.has(index) || !isPlainObject(raw)) return;
    if (raw.type === 'marking-definition' && typeof raw.id === 'string' && TLP_LEVEL_BY_ID.has(raw.id)) {
      builtins++;
      return;
    }
    let object = normaliseTlpMarkings(raw);
    let tlp: TlpLevel | null = tlpOf(object) ?? null;
    if (tlp === null && defaultMarking) {
      const others = Array.isArray(object.object_marking_refs) ? object.object_marking_refs : [];
      object = { ...object, object_marking_refs: [TLP_MARKING_IDS[defaultMarking], ...others] };
      tlp = defaultMarking;
    }
    let json = object === raw ? texts?.[index] : undefined;
    const signed = typeof object.created === 'string' && object.created_by_ref === undefined && object.type !== 'marking-definition';
    if (signed && json !== undefined && json !== '{}') {
      // The text of the same object with the property appended (key order means nothing to jsonb): no copy
      // of the object, no second serialisation.
      json = `${json.slice(0, -1)},"created_by_ref":${JSON.stringify(submitter.identityRef)}}`;
    } else if (signed) {
      json = JSON.stringify({ ...object, created_by_ref: submitter.identityRef });
    }
    const modifiedText = typeof object.modified === 'string' ? object.modified : null;
    const modified = modifiedKey(modifiedText ?? (typeof object.created === 'string' ? object.created : EPOCH));
    out.push({
      index,
      id: object.id as string,
      type: object.type as string,
      specVersion: typeof object.spec_version === 'string' ? object.spec_version : '2.1',
      created: typeof object.created === 'string' ? modifiedKey(object.created) : null,
      modified,
      modifiedKey: modified,
      modifiedText,
      revoked: object.revoked === true,
      createdByRef: signed ? submitter.identityRef : typeof object.created_by_ref === 'string' ? object.created_by_ref : null,
      labels: Array.isArray(object.labels) ? object.labels.filter((l): l is string => typeof l === 'string') : [],
      json: json ?? JSON.stringify(object),
      tlp,
      // From the object as validated (same values; its parsed pattern is remembered for it).
      observables: observableValues(raw),
      isLatest: false,
      outcome: 'created',
    });
  });
  return { versions: out, builtins };
}

/** Who holds an id already (all owners, visible to the submitter or not) and which partner identities exist. */
export interface Claims {
  /** id → owners (partner ids) holding a version of it, with the created_by_ref of their latest. */
  readonly holders: ReadonlyMap<string, readonly { ownerPartnerId: string; createdByRef: string | null }[]>;
  /** Identity ids that belong to partners of this exchange. */
  readonly partnerIdentities: ReadonlySet<string>;
}

/** SCO ids are deterministic: every partner may hold its own copy. Everything else has one producer. */
function isSharedObservable(v: NewVersion): boolean {
  return v.created === null;
}

/**
 * Refuses what the submitter may not write. The same message whether or not the other producer's object
 * is visible to the submitter: it says only that an id the submitter already holds is taken.
 */
export function checkOwnership(versions: readonly NewVersion[], claims: Claims, me: { partnerId: string; identityRef: string }): Rejection[] {
  const out: Rejection[] = [];
  for (const v of versions) {
    if (v.createdByRef !== null && v.createdByRef !== me.identityRef && claims.partnerIdentities.has(v.createdByRef)) {
      out.push({ index: v.index, id: v.id, path: `$.objects[${v.index}].created_by_ref`, message: `${v.createdByRef} is another partner's identity: submit objects as yourself`, code: 'FORBIDDEN' });
      continue;
    }
    if (claims.partnerIdentities.has(v.id) && v.id !== me.identityRef) {
      out.push({ index: v.index, id: v.id, path: `$.objects[${v.index}].id`, message: 'this is another partner\'s identity: only that partner may submit it', code: 'FORBIDDEN' });
      continue;
    }
    if (isSharedObservable(v)) continue;
    const others = (claims.holders.get(v.id) ?? []).filter((h) => h.ownerPartnerId.toLowerCase() !== me.partnerId.toLowerCase());
    if (others.length > 0) {
      out.push({ index: v.index, id: v.id, path: `$.objects[${v.index}].id`, message: 'this id belongs to another producer: only its creator may add versions', code: 'FORBIDDEN' });
    }
  }
  return out;
}

/** What the submitter already holds of an id: its version keys and the state of its latest version. */
export interface OwnHistory {
  readonly keys: Set<string>;
  latestKey: string | null;
  latestRevoked: boolean;
}

/**
 * STIX versioning against the submitter's own history: the same (id, modified) is a duplicate; a newer
 * `modified` becomes the latest; an older one is kept as history; nothing follows a revocation.
 * Versions of one id inside the bundle are taken oldest first. Mutates `history` and the versions.
 */
export function decideVersions(versions: readonly NewVersion[], history: Map<string, OwnHistory>): { writes: NewVersion[]; duplicates: number; rejections: Rejection[] } {
  const writes: NewVersion[] = [];
  const rejections: Rejection[] = [];
  let duplicates = 0;
  const ordered = [...versions].sort((a, b) => (a.modifiedKey < b.modifiedKey ? -1 : a.modifiedKey > b.modifiedKey ? 1 : a.index - b.index));
  const latestWrite = new Map<string, NewVersion>();
  for (const v of ordered) {
    v.isLatest = false; // decided afresh: a retried transaction plans the same versions again
    let h = history.get(v.id);
    if (h?.keys.has(v.modifiedKey)) {
      duplicates++;
      continue;
    }
    if (h && h.latestRevoked && h.latestKey !== null && v.modifiedKey > h.latestKey) {
      rejections.push({ index: v.index, id: v.id, path: `$.objects[${v.index}].modified`, message: 'the object is revoked: it takes no newer versions', code: 'REVOKED' });
      continue;
    }
    v.outcome = h ? 'newVersion' : 'created';
    if (!h) history.set(v.id, (h = { keys: new Set(), latestKey: null, latestRevoked: false }));
    h.keys.add(v.modifiedKey);
    if (h.latestKey === null || v.modifiedKey > h.latestKey) {
      h.latestKey = v.modifiedKey;
      h.latestRevoked = v.revoked;
      const previous = latestWrite.get(v.id);
      if (previous) previous.isLatest = false;
      v.isLatest = true;
      latestWrite.set(v.id, v);
    }
    writes.push(v);
  }
  return { writes, duplicates, rejections };
}
