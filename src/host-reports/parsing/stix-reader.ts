import { AppError } from '../../common/errors/app-error';
import { validateBundle, type BundleProblem } from '../../stix';
import type { RowItem } from './feed-reader';
import type { RowNormaliser } from './row-normaliser';

type StixObject = Readonly<Record<string, unknown>>;

const ADDRESS_TYPES = new Set(['ipv4-addr', 'ipv6-addr']);
/** Objects whose `name` is a threat name when a sighting points at them. */
const THREAT_TYPES = new Set(['indicator', 'malware', 'attack-pattern', 'tool', 'infrastructure', 'campaign', 'intrusion-set']);

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const refs = (v: unknown): string[] => (Array.isArray(v) ? v.filter((r): r is string => typeof r === 'string') : []);

/**
 * A STIX feed: one bundle, validated by the STIX validator, each address it reports becoming one row.
 * - a `sighting` of an indicator, malware (or another named threat) whose `observed_data_refs` carry
 *   ipv4-addr/ipv6-addr objects: one row per address, the threat the sighted object's name, the time its
 *   `last_seen` (else `first_seen`, else the observed data's `first_observed`);
 * - an `observed-data` no sighting refers to: one row per address (its `object_refs`, or the deprecated
 *   inline `objects`), the time its `first_observed`, the threat its first label or the feed's defaultThreat.
 * Threat names then go through the feed's threat map like any other row. A bundle is one JSON document, so
 * it is held in memory (bounded by STIX_MAX_BUNDLE_BYTES); an object the validator refuses is a rejected row,
 * a file that is not a bundle fails as a whole.
 */
export class StixBundleReader {
  private readonly chunks: string[] = [];

  constructor(private readonly normaliser: RowNormaliser) {}

  push(chunk: string): RowItem[] {
    this.chunks.push(chunk);
    return [];
  }

  end(): RowItem[] {
    const text = this.chunks.join('');
    this.chunks.length = 0;
    let bundle: unknown;
    try {
      bundle = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
    } catch (error) {
      throw AppError.badInput(`not a STIX bundle: not JSON (${(error as Error).message.slice(0, 120)})`);
    }
    const { objects, problems } = validateBundle(bundle);
    const envelope = problems.filter((p) => p.index === undefined);
    if (envelope.length) throw AppError.badInput(`not a STIX bundle: ${envelope.map((p) => `${p.path}: ${p.message}`).join('; ')}`);
    const bad = new Map<number, BundleProblem[]>();
    for (const p of problems) bad.set(p.index!, [...(bad.get(p.index!) ?? []), p]);

    const out: RowItem[] = [];
    const byId = new Map<string, { object: StixObject; index: number }>();
    objects.forEach((o, index) => {
      const object = o as StixObject;
      if (!bad.has(index) && typeof object.id === 'string') byId.set(object.id, { object, index });
    });
    for (const [index, list] of bad) {
      const o = objects[index] as StixObject | undefined;
      out.push({ line: index + 1, raw: describe(o), result: { ok: false, message: list.map((p) => `${p.path}: ${p.message}`).join('; ').slice(0, 500) } });
    }

    const sighted = new Set<string>();
    objects.forEach((o, index) => {
      const sighting = o as StixObject;
      if (sighting.type !== 'sighting' || bad.has(index)) return;
      const target = byId.get(str(sighting.sighting_of_ref) ?? '')?.object;
      const threat = target && THREAT_TYPES.has(String(target.type)) ? str(target.name) : undefined;
      for (const ref of refs(sighting.observed_data_refs)) {
        const observed = byId.get(ref)?.object;
        if (!observed || observed.type !== 'observed-data') {
          out.push(this.refused(index, sighting, `observed_data_refs: ${ref} is not an observed-data object of this bundle`));
          continue;
        }
        sighted.add(ref);
        const at = str(sighting.last_seen) ?? str(sighting.first_seen) ?? str(observed.first_observed);
        this.rows(out, index, sighting, this.addresses(observed, byId), at, threat);
      }
    });
    objects.forEach((o, index) => {
      const observed = o as StixObject;
      if (observed.type !== 'observed-data' || bad.has(index) || sighted.has(String(observed.id))) return;
      const labels = refs(observed.labels);
      this.rows(out, index, observed, this.addresses(observed, byId), str(observed.first_observed), labels[0]);
    });
    return out.sort((a, b) => a.line - b.line);
  }

  /** The addresses an observed-data carries: referenced SCOs of the bundle, or deprecated inline objects. */
  private addresses(observed: StixObject, byId: Map<string, { object: StixObject }>): unknown[] {
    const found: unknown[] = [];
    for (const ref of refs(observed.object_refs)) {
      const sco = byId.get(ref)?.object;
      if (sco && ADDRESS_TYPES.has(String(sco.type))) found.push(sco.value);
    }
    const inline = observed.objects;
    if (inline && typeof inline === 'object') {
      for (const sco of Object.values(inline as Record<string, StixObject>)) if (sco && ADDRESS_TYPES.has(String(sco.type))) found.push(sco.value);
    }
    return found;
  }

  private rows(out: RowItem[], index: number, source: StixObject, addresses: unknown[], at: string | undefined, threat: string | undefined): void {
    if (addresses.length === 0) {
      out.push(this.refused(index, source, 'carries no ipv4-addr or ipv6-addr'));
      return;
    }
    for (const ip of addresses) {
      const values: Record<string, unknown> = { ip, timestamp: at, threat };
      out.push({ line: index + 1, raw: `${describe(source)} ${String(ip)}`, result: this.normaliser.normalise((f) => values[f]) });
    }
  }

  private refused(index: number, source: StixObject, message: string): RowItem {
    return { line: index + 1, raw: describe(source), result: { ok: false, message } };
  }
}

function describe(o: StixObject | undefined): string {
  return o && typeof o === 'object' ? `${String(o.type)} ${String(o.id)}`.slice(0, 1000) : JSON.stringify(o ?? null).slice(0, 1000);
}
