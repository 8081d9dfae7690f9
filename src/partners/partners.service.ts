import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { Actor, TrustLevel } from '../auth/actor';
import type { AuditAction } from '../audit/audit-actions';
import { AuditService } from '../audit/audit.service';
import { ApiClientEntity } from './api-client.entity';
import { PartnerEntity } from './partner.entity';
import { PartnerErrors } from './partner-errors';
import { partnerByShortName } from './partner-lookup';
import { checkNewPartner, checkPartnerChanges, type NewPartner, type PartnerChanges } from './partner-input';
import { partnerIdentity } from './stix-identity';

/** What admins may see of a partner, for before/after audit details (no secrets live on partners). */
function snapshot(p: PartnerEntity) {
  return { name: p.name, shortName: p.shortName, kind: p.kind, trust: p.trust, groups: p.groups, country: p.country, status: p.status };
}

/** Partners: who they are, how far they are trusted, which sharing groups they belong to. */
@Injectable()
export class PartnersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** `within`: a transaction the caller holds, so the read does not wait for a second pooled connection. */
  async list(within?: EntityManager): Promise<PartnerEntity[]> {
    return (within ?? this.dataSource.manager).getRepository(PartnerEntity).find({ order: { kind: 'ASC', shortName: 'ASC' } });
  }

  async findByShortName(shortName: string): Promise<PartnerEntity | null> {
    return partnerByShortName(this.dataSource.manager, shortName).getOne();
  }

  async getByShortName(shortName: string): Promise<PartnerEntity> {
    const partner = await this.findByShortName(shortName);
    if (!partner) throw PartnerErrors.notFound(shortName);
    return partner;
  }

  async findByIds(ids: readonly string[]): Promise<PartnerEntity[]> {
    if (ids.length === 0) return [];
    return this.dataSource.getRepository(PartnerEntity).createQueryBuilder('p').where('p.id = ANY(:ids)', { ids }).getMany();
  }

  async home(): Promise<PartnerEntity | null> {
    return this.dataSource.getRepository(PartnerEntity).findOne({ where: { kind: 'HOME' } });
  }

  /** Group membership now: an audience naming a group stands for these partners at the time of asking. */
  async membersOf(group: string): Promise<PartnerEntity[]> {
    return this.dataSource.getRepository(PartnerEntity).createQueryBuilder('p').where(':group = ANY(p.groups)', { group }).getMany();
  }

  async create(input: NewPartner, by: Actor | null, manager?: EntityManager): Promise<PartnerEntity> {
    const checked = checkNewPartner(input);
    const run = async (m: EntityManager) => {
      const repo = m.getRepository(PartnerEntity);
      if (checked.kind === 'HOME' && (await repo.exists({ where: { kind: 'HOME' } }))) throw PartnerErrors.homeExists();
      const taken = await partnerByShortName(m, checked.shortName).getExists();
      if (taken) throw PartnerErrors.shortNameTaken(checked.shortName);
      const identity = partnerIdentity(checked.name, checked.kind);
      const partner = await repo.save(
        repo.create({
          name: checked.name,
          shortName: checked.shortName,
          kind: checked.kind,
          trust: checked.trust,
          groups: checked.groups ?? [],
          country: checked.country ?? null,
          status: 'ACTIVE',
          identityRef: identity.id as string,
          identity,
        }),
      );
      await this.audit.record(m, { outcome: 'ok', action: 'partner.create', actor: by, targetIds: [partner.id, partner.identityRef], details: { after: snapshot(partner) } });
      return partner;
    };
    return manager ? run(manager) : this.dataSource.transaction(run);
  }

  async update(shortName: string, changes: PartnerChanges, by: Actor | null): Promise<PartnerEntity> {
    const checked = checkPartnerChanges(changes);
    const changed = Object.entries(checked).filter(([, v]) => v !== undefined).map(([k]) => k);
    // A trust change alone is its own action: auditors look for exactly these.
    const action = changed.length === 1 && changed[0] === 'trust' ? 'partner.set-trust' : 'partner.update';
    return this.change(shortName, by, action, (p) => {
      if (p.kind === 'HOME' && checked.trust !== undefined && checked.trust !== 'CLOSE') throw PartnerErrors.homeTrustFixed();
      if (checked.name !== undefined) p.name = checked.name.trim();
      if (checked.shortName !== undefined) p.shortName = checked.shortName;
      if (checked.trust !== undefined) p.trust = checked.trust;
      if (checked.groups !== undefined) p.groups = checked.groups;
      if (checked.country !== undefined) p.country = checked.country;
    });
  }

  setTrust(shortName: string, trust: TrustLevel, by: Actor | null): Promise<PartnerEntity> {
    return this.update(shortName, { trust }, by);
  }

  /** Suspension takes effect within the actor cache period, even for tokens already issued. */
  suspend(shortName: string, by: Actor | null): Promise<PartnerEntity> {
    return this.change(shortName, by, 'partner.suspend', (p) => {
      if (p.kind === 'HOME') throw PartnerErrors.homeCannotBeSuspended();
      p.status = 'SUSPENDED';
    });
  }

  reactivate(shortName: string, by: Actor | null): Promise<PartnerEntity> {
    return this.change(shortName, by, 'partner.reactivate', (p) => {
      p.status = 'ACTIVE';
    });
  }

  clientsOf(partnerIds: readonly string[]): Promise<ApiClientEntity[]> {
    if (partnerIds.length === 0) return Promise.resolve([]);
    return this.dataSource.getRepository(ApiClientEntity).createQueryBuilder('c').where('c.partner_id = ANY(:ids)', { ids: partnerIds }).orderBy('c.created_at').getMany();
  }

  private async change(shortName: string, by: Actor | null, action: AuditAction, apply: (p: PartnerEntity) => void): Promise<PartnerEntity> {
    return this.dataSource.transaction(async (m) => {
      const repo = m.getRepository(PartnerEntity);
      const partner = await partnerByShortName(m, shortName).setLock('pessimistic_write').getOne();
      if (!partner) throw PartnerErrors.notFound(shortName);
      const before = snapshot(partner);
      apply(partner);
      if (partner.shortName !== before.shortName) {
        const taken = await partnerByShortName(m, partner.shortName).andWhere('p.id <> :id', { id: partner.id }).getExists();
        if (taken) throw PartnerErrors.shortNameTaken(partner.shortName);
      }
      partner.updatedAt = new Date();
      await repo.save(partner);
      await this.audit.record(m, { outcome: 'ok', action, actor: by, targetIds: [partner.id, partner.identityRef], details: { before, after: snapshot(partner) } });
      return partner;
    });
  }
}
