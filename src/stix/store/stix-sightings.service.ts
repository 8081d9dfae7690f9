import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { Actor } from '../../auth/actor';
import { AppError } from '../../common/errors/app-error';
import { PartnersService } from '../../partners/partners.service';
import { TLP_LEVELS, TLP_MARKING_IDS, type TlpLevel } from '../tlp.constants';
import type { ViewedObject } from './stix-query.service';
import { StixStoreService } from './stix-store.service';

export interface SightingReport {
  /** The object seen: an indicator (or any other SDO) the reporter may see. */
  readonly sightingOf: string;
  readonly count?: number | null;
  readonly firstSeen?: Date | null;
  readonly lastSeen?: Date | null;
  /** identity or location ids; by default the reporter's own identity. */
  readonly where?: readonly string[] | null;
  readonly description?: string | null;
  /** By default the marking of the object seen; never less restrictive than it. */
  readonly tlp?: TlpLevel | null;
}

/** STIX 2.1 §5.2: count is an integer from 0 to 999,999,999. */
const MAX_COUNT = 999_999_999;
/** Sensor clocks drift: a last_seen this far ahead of ours is accepted. */
const CLOCK_SKEW_MS = 5 * 60 * 1000;

/**
 * `reportSighting`: a honeypot, a sensor or an analyst says it saw an object. The sighting is the reporter's
 * own STIX object, stored through the ordinary ingest (validation, versioning, provenance, the `stix.submit`
 * audit). It may never be shared more widely than the object it points at: its marking is at least as
 * restrictive, and it keeps that object's audience, so a sighting never tells anyone about an object they
 * could not see.
 */
@Injectable()
export class StixSightingsService {
  constructor(
    private readonly store: StixStoreService,
    private readonly partners: PartnersService,
  ) {}

  async report(actor: Actor, report: SightingReport): Promise<ViewedObject> {
    const count = report.count ?? 1;
    const problems = this.problems(report, count);
    if (problems.length > 0) throw AppError.invalid(problems, `sighting not stored: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`);
    const target = await this.store.get(actor, report.sightingOf);
    if (target.row.revoked) throw AppError.badInput(`${report.sightingOf} is revoked: report a sighting of its replacement`, { argument: 'sightingOf' });
    const tlp = report.tlp ?? target.tlp;
    if (TLP_LEVELS.indexOf(tlp) < TLP_LEVELS.indexOf(target.tlp)) {
      throw AppError.invalid([{ path: 'tlp', message: `a sighting cannot be shared more widely than the object it refers to (TLP:${target.tlp})` }]);
    }
    const now = new Date().toISOString();
    const sighting: Record<string, unknown> = {
      type: 'sighting',
      spec_version: '2.1',
      id: `sighting--${randomUUID()}`,
      created: now,
      modified: now,
      created_by_ref: actor.identityRef,
      sighting_of_ref: report.sightingOf,
      count,
      where_sighted_refs: report.where && report.where.length > 0 ? [...report.where] : [actor.identityRef],
      object_marking_refs: [TLP_MARKING_IDS[tlp]],
      ...(report.firstSeen ? { first_seen: report.firstSeen.toISOString() } : {}),
      ...(report.lastSeen ? { last_seen: report.lastSeen.toISOString() } : {}),
      ...(report.description ? { description: report.description } : {}),
    };
    await this.store.submitBundle(actor, { bundle: { type: 'bundle', id: `bundle--${randomUUID()}`, objects: [sighting] }, audience: await this.audienceOf(target) });
    return this.store.get(actor, sighting.id as string);
  }

  private problems(report: SightingReport, count: number): { path: string; message: string }[] {
    const problems: { path: string; message: string }[] = [];
    if (!Number.isInteger(count) || count < 0 || count > MAX_COUNT) problems.push({ path: 'count', message: `must be a whole number from 0 to ${MAX_COUNT}` });
    if (report.firstSeen && report.lastSeen && report.firstSeen.getTime() > report.lastSeen.getTime()) {
      problems.push({ path: 'lastSeen', message: 'must not be before firstSeen' });
    }
    for (const [path, at] of [['firstSeen', report.firstSeen], ['lastSeen', report.lastSeen]] as const) {
      if (at && at.getTime() > Date.now() + CLOCK_SKEW_MS) problems.push({ path, message: 'is in the future' });
    }
    return problems;
  }

  /** The audience of the object seen, as submitBundle takes it (partner short names). */
  private async audienceOf(target: ViewedObject): Promise<{ partners: string[] | null; groups: string[] | null } | null> {
    const { audiencePartners, audienceGroups } = target.row;
    if (audiencePartners === null && audienceGroups === null) return null;
    const names = new Map((await this.partners.list()).map((p) => [p.id.toLowerCase(), p.shortName]));
    return { partners: (audiencePartners ?? []).flatMap((id) => names.get(id.toLowerCase()) ?? []), groups: audienceGroups ?? [] };
  }
}
