import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { PartnerKind, TrustLevel } from '../auth/actor';

export type PartnerStatus = 'ACTIVE' | 'SUSPENDED';

/** A row of `partners`. Never exposed directly: GraphQL types are built by the mapper. */
@Entity('partners')
export class PartnerEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('text') name!: string;
  @Column('text', { name: 'short_name' }) shortName!: string;
  @Column('text') kind!: PartnerKind;
  @Column('char', { length: 2, nullable: true }) country!: string | null;
  @Column('text') trust!: TrustLevel;
  @Column('text', { array: true }) groups!: string[];
  @Column('text') status!: PartnerStatus;
  @Column('text', { name: 'identity_ref' }) identityRef!: string;
  @Column('jsonb') identity!: Record<string, unknown>;
  @Column('timestamptz', { name: 'created_at' }) createdAt!: Date;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt!: Date;
}
