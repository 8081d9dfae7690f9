import type { EntityManager, SelectQueryBuilder } from 'typeorm';
import { PartnerEntity } from './partner.entity';

/**
 * Short names are unique case-insensitively (the unique index is on `lower(short_name)`), so every look-up by
 * short name goes through here: one spelling of the comparison, and one that the index serves.
 */
export function partnerByShortName(manager: EntityManager, shortName: string): SelectQueryBuilder<PartnerEntity> {
  return manager.getRepository(PartnerEntity).createQueryBuilder('p').where('lower(p.short_name) = lower(:shortName)', { shortName });
}
