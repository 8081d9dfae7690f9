/** Reading and normalising TLP markings on ingest. The mapping is documented in README.md. */
import { isPlainObject } from './problem';
import { TLP_LEVELS, TLP_LEVEL_BY_ID, TLP_MARKING_IDS, type TlpLevel } from './tlp.constants';

/** `tlp:amber`, `TLP:AMBER+STRICT`, `tlp:white`… as some exporters put them in `labels`. */
const TLP_LABEL = /^tlp:(clear|white|green|amber|amber\+strict|red)$/i;

function labelLevel(label: string): TlpLevel | undefined {
  const m = TLP_LABEL.exec(label.trim());
  if (!m) return undefined;
  const word = m[1].toUpperCase();
  return word === 'WHITE' ? 'CLEAR' : (word as TlpLevel);
}

function mostRestrictive(a: TlpLevel | undefined, b: TlpLevel | undefined): TlpLevel | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return TLP_LEVELS.indexOf(a) >= TLP_LEVELS.indexOf(b) ? a : b;
}

/**
 * The object's TLP level: from `object_marking_refs` (TLP 2.0, TLP 1.0 and known vendor ids) and from
 * `tlp:*` labels, the most restrictive winning. Labels count so that an object whose exporter only
 * labelled it is never treated as unmarked. `extraIds` adds further vendor ids.
 */
export function tlpOf(obj: unknown, extraIds?: ReadonlyMap<string, TlpLevel>): TlpLevel | undefined {
  if (!isPlainObject(obj)) return undefined;
  let level: TlpLevel | undefined;
  const refs = obj.object_marking_refs;
  if (Array.isArray(refs)) {
    for (const ref of refs) {
      if (typeof ref === 'string') level = mostRestrictive(level, TLP_LEVEL_BY_ID.get(ref) ?? extraIds?.get(ref));
    }
  }
  const labels = obj.labels;
  if (Array.isArray(labels)) for (const l of labels) if (typeof l === 'string') level = mostRestrictive(level, labelLevel(l));
  return level;
}

/**
 * `obj` with its TLP markings the canonical TLP 2.0 reference: every TLP reference (any version, vendor
 * id or `tlp:*` label) is replaced by the one most restrictive TLP 2.0 id, other markings kept in order.
 * Granular marking references are mapped one by one. Labels are left as they are (they are the
 * producer's content). The input is not modified: a copy when anything changes, else `obj` itself (an
 * already canonical object, most of an ingest, costs no copy and keeps its JSON text; do not mutate it).
 */
export function normaliseTlpMarkings<T>(obj: T, extraIds?: ReadonlyMap<string, TlpLevel>): T {
  if (!isPlainObject(obj)) return obj;
  const level = tlpOf(obj, extraIds);
  const levelOf = (ref: unknown) => (typeof ref === 'string' ? (TLP_LEVEL_BY_ID.get(ref) ?? extraIds?.get(ref)) : undefined);
  let refs: unknown[] | undefined;
  if (level !== undefined) {
    const others = Array.isArray(obj.object_marking_refs) ? obj.object_marking_refs.filter((r) => levelOf(r) === undefined) : [];
    refs = [TLP_MARKING_IDS[level], ...others.filter((r, i) => others.indexOf(r) === i)];
    if (sameItems(obj.object_marking_refs, refs)) refs = undefined;
  }
  let granular: unknown[] | undefined;
  if (Array.isArray(obj.granular_markings)) {
    granular = obj.granular_markings.map((g: unknown) => {
      if (!isPlainObject(g)) return g;
      const l = levelOf(g.marking_ref);
      return l === undefined || g.marking_ref === TLP_MARKING_IDS[l] ? g : { ...g, marking_ref: TLP_MARKING_IDS[l] };
    });
    if (sameItems(obj.granular_markings, granular)) granular = undefined;
  }
  if (refs === undefined && granular === undefined) return obj;
  const out: Record<string, unknown> = { ...obj };
  if (refs !== undefined) out.object_marking_refs = refs;
  if (granular !== undefined) out.granular_markings = granular;
  return out as T;
}

function sameItems(a: unknown, b: readonly unknown[]): boolean {
  return Array.isArray(a) && a.length === b.length && a.every((x, i) => x === b[i]);
}

export { TLP_LEVELS, TLP_MARKING_IDS, type TlpLevel };
