import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AppError } from '../common/errors/app-error';
import { PartnersService } from '../partners/partners.service';
import type { TlpLevel } from '../policy';

/** Marking and audience as callers give them: partner short names, group names. */
export interface SharingInput {
  readonly tlp?: TlpLevel | null;
  readonly audiencePartners?: readonly string[] | null;
  readonly audienceGroups?: readonly string[] | null;
}

/** The same in column form (partner ids), plus the names the STIX store wants for the mirror. */
export interface ResolvedSharing {
  readonly tlp: TlpLevel | null;
  readonly audiencePartners: string[] | null;
  readonly audienceGroups: string[] | null;
}

/** Short names ↔ ids for audiences; an unknown name is an error, never a silently narrower audience. */
@Injectable()
export class IncidentSharing {
  constructor(private readonly partners: PartnersService) {}

  async resolve(input: SharingInput, fallbackTlp: TlpLevel | null = null): Promise<ResolvedSharing> {
    const tlp = input.tlp ?? fallbackTlp;
    if (input.audiencePartners == null && input.audienceGroups == null) return { tlp, audiencePartners: null, audienceGroups: null };
    const names = [...new Set(input.audiencePartners ?? [])];
    const found = await Promise.all(names.map((n) => this.partners.findByShortName(n)));
    const unknown = names.filter((_, i) => !found[i]);
    if (unknown.length > 0) throw AppError.invalid(unknown.map((n) => ({ path: 'audience.partners', message: `unknown partner ${n}` })));
    return { tlp, audiencePartners: found.map((p) => p!.id), audienceGroups: [...new Set(input.audienceGroups ?? [])] };
  }

  /**
   * The store's audience (short names) for a row's columns, or null when none is set. `within`: the
   * caller's transaction, so a write holding one connection never waits for a second.
   */
  async audienceNames(row: ResolvedSharing, within?: EntityManager): Promise<{ partners: string[]; groups: string[] } | null> {
    if (row.audiencePartners === null && row.audienceGroups === null) return null;
    const ids = new Set((row.audiencePartners ?? []).map((id) => id.toLowerCase()));
    const partners = ids.size === 0 ? [] : (await this.partners.list(within)).filter((p) => ids.has(p.id.toLowerCase()));
    return { partners: partners.map((p) => p.shortName).sort(), groups: [...(row.audienceGroups ?? [])] };
  }
}
