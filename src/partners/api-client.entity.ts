import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { Role } from '../auth/actor';

export type ClientStatus = 'ACTIVE' | 'SUSPENDED';

/** A row of `api_clients`: a credential of one partner, with roles. Secrets are stored only as argon2id hashes. */
@Entity('api_clients')
export class ApiClientEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('text', { name: 'client_id' }) clientId!: string;
  @Column('uuid', { name: 'partner_id' }) partnerId!: string;
  @Column('text') label!: string;
  @Column('text', { array: true }) roles!: Role[];
  @Column('text') status!: ClientStatus;
  @Column('text', { name: 'secret_hash', nullable: true }) secretHash!: string | null;
  @Column('text', { name: 'previous_secret_hash', nullable: true }) previousSecretHash!: string | null;
  @Column('timestamptz', { name: 'previous_secret_expires_at', nullable: true }) previousSecretExpiresAt!: Date | null;
  @Column('jsonb', { nullable: true }) jwks!: { keys: Record<string, unknown>[] } | null;
  @Column('timestamptz', { name: 'created_at' }) createdAt!: Date;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt!: Date;
  @Column('timestamptz', { name: 'last_authenticated_at', nullable: true }) lastAuthenticatedAt!: Date | null;
}
