import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One of the exchange's own token signing keys. The private half never leaves the database and this process. */
@Entity('signing_keys')
export class SigningKeyEntity {
  @PrimaryColumn('text') kid!: string;
  @Column('text') alg!: 'ES256';
  @Column('text', { name: 'private_key_pem' }) privateKeyPem!: string;
  @Column('jsonb', { name: 'public_jwk' }) publicJwk!: Record<string, unknown>;
  @Column('timestamptz', { name: 'created_at' }) createdAt!: Date;
  @Column('timestamptz', { name: 'retired_at', nullable: true }) retiredAt!: Date | null;
}
