import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Partners, their API clients, the exchange's token signing keys, and used client assertions (replay). */
export class PartnersAndClients1764090000000 implements MigrationInterface {
  name = 'PartnersAndClients1764090000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE partners (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        short_name text NOT NULL CHECK (short_name ~ '^[A-Za-z0-9][A-Za-z0-9/_.-]{0,31}$'),
        kind text NOT NULL CHECK (kind IN ('HOME','CERT','LAW_ENFORCEMENT','GOVERNMENT','ISP','REGISTRY','OTHER')),
        country char(2) NULL CHECK (country ~ '^[A-Z]{2}$'),
        trust text NOT NULL CHECK (trust IN ('PUBLIC','COMMUNITY','TRUSTED','CLOSE')),
        groups text[] NOT NULL DEFAULT '{}',
        status text NOT NULL DEFAULT 'ACTIVE' CHECK (status IN ('ACTIVE','SUSPENDED')),
        identity_ref text NOT NULL UNIQUE CHECK (identity_ref ~ '^identity--[0-9a-f-]{36}$'),
        identity jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX partners_short_name_key ON partners (lower(short_name))`);
    // Exactly one HOME: at most one by this index, at least one by bootstrap at start-up.
    await q.query(`CREATE UNIQUE INDEX partners_one_home ON partners (kind) WHERE kind = 'HOME'`);
    await q.query(`CREATE INDEX partners_groups ON partners USING gin (groups)`);

    await q.query(`
      CREATE TABLE api_clients (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        client_id text NOT NULL UNIQUE,
        partner_id uuid NOT NULL REFERENCES partners(id),
        label text NOT NULL DEFAULT '',
        roles text[] NOT NULL CHECK (cardinality(roles) > 0 AND roles <@ ARRAY['ADMIN','ANALYST','LIAISON','SYNC','READER']),
        status text NOT NULL DEFAULT 'ACTIVE' CHECK (status IN ('ACTIVE','SUSPENDED')),
        secret_hash text NULL,
        previous_secret_hash text NULL,
        previous_secret_expires_at timestamptz NULL,
        -- Public keys for private_key_jwt (RFC 7523): no shared secret crosses borders.
        jwks jsonb NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        last_authenticated_at timestamptz NULL
      )`);
    await q.query(`CREATE INDEX api_clients_partner ON api_clients (partner_id)`);

    await q.query(`
      CREATE TABLE signing_keys (
        kid text PRIMARY KEY,
        alg text NOT NULL CHECK (alg IN ('ES256')),
        private_key_pem text NOT NULL,
        public_jwk jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        -- A retired key signs nothing new but stays published until tokens it signed have expired.
        retired_at timestamptz NULL
      )`);

    await q.query(`
      CREATE TABLE used_client_assertions (
        jti text NOT NULL,
        client_id text NOT NULL,
        expires_at timestamptz NOT NULL,
        PRIMARY KEY (client_id, jti)
      )`);
    await q.query(`CREATE INDEX used_client_assertions_expiry ON used_client_assertions (expires_at)`);

    await q.query(`GRANT SELECT, INSERT, UPDATE ON partners, api_clients, signing_keys TO cx_app`);
    await q.query(`GRANT SELECT, INSERT, DELETE ON used_client_assertions TO cx_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE used_client_assertions, signing_keys, api_clients, partners`);
  }
}
