import * as path from 'node:path';
import { TLP_LEVELS, type TlpLevel } from '../stix/tlp.constants';

export type NodeEnv = 'development' | 'production' | 'test';
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

/** The whole configuration, read once from the environment at start-up and then frozen. */
export interface AppConfig {
  readonly nodeEnv: NodeEnv;
  readonly host: string;
  readonly port: number;
  /** Unset means: run an embedded PostgreSQL in `${dataDir}/postgres`. */
  readonly databaseUrl: string | undefined;
  readonly databasePoolSize: number;
  readonly dataDir: string;
  /** Port for the embedded PostgreSQL; 0 picks a free one. */
  readonly embeddedPostgresPort: number;
  /** The embedded PostgreSQL's shared_buffers, e.g. 512MB. */
  readonly embeddedPostgresSharedBuffers: string;
  readonly logLevel: LogLevel;
  /** Largest `first` a paginated query accepts. */
  readonly maxPageSize: number;
  /** Largest request body, in bytes (GraphQL and TAXII). */
  readonly bodyLimitBytes: number;
  /** How long shutdown waits for in-flight requests before closing anyway. */
  readonly shutdownGraceMs: number;
  readonly auth: AuthConfig;
  readonly home: HomeConfig;
  /** How often the audit chain head is anchored outside the chain; 0 turns the job off. */
  readonly auditAnchorIntervalMs: number;
  /** A copy of each anchor outside the database (keep it off the database host to detect tail deletion). */
  readonly auditAnchorFile: string;
  /** The marking assumed for an object stored without a TLP marking. */
  readonly defaultTlp: TlpLevel;
  readonly stix: StixConfig;
  readonly taxii: TaxiiConfig;
  readonly jobs: JobsConfig;
  readonly sync: SyncConfig;
  readonly hostReports: HostReportsConfig;
}

export interface JobsConfig {
  /** Background jobs (pg-boss on our PostgreSQL). Off: nothing is scheduled or worked on in this process. */
  readonly enabled: boolean;
  /** The PostgreSQL schema pg-boss keeps its tables in. */
  readonly schema: string;
  /** Connections pg-boss may open (besides DATABASE_POOL_SIZE). */
  readonly poolSize: number;
  /** How often an idle worker looks for new jobs. */
  readonly pollIntervalMs: number;
}

export interface SyncConfig {
  /** 32 bytes (base64 or hex) that encrypt peer credentials at rest (AES-256-GCM); unset: no secret can be stored. */
  readonly secretKey: Buffer | undefined;
  /** How long one HTTP request to a peer may take. */
  readonly requestTimeoutMs: number;
}

export interface HostReportsConfig {
  /** Largest host-report file a feed without its own maxBytes accepts (GraphQL is also bound by bodyLimitBytes). */
  readonly maxBytes: number;
  /** Rows routed and stored per statement during an import. */
  readonly batchSize: number;
}

export interface TaxiiConfig {
  /** The one API root's name: `/taxii2/<apiRoot>/`. */
  readonly apiRoot: string;
  /** Largest `limit` a TAXII page honours (larger asks are cut to it); also the default page size. */
  readonly maxPageSize: number;
  /** How long a POSTed envelope's status resource can be fetched again. */
  readonly statusRetentionDays: number;
}

export interface StixConfig {
  /** Largest bundle submitBundle accepts, in bytes of its JSON. */
  readonly maxBundleBytes: number;
  /** Most objects in one bundle. */
  readonly maxBundleObjects: number;
  /** Most objects one exportBundle returns (narrow the filter for more). */
  readonly maxExportObjects: number;
}

export interface AuthConfig {
  /** `iss` of the tokens we sign and `aud` we require; peers pin both. */
  readonly issuer: string;
  readonly audience: string;
  /** Base URL partners use; the token endpoint `${publicUrl}/oauth/token` is a valid assertion audience. */
  readonly publicUrl: string | undefined;
  readonly tokenTtlSeconds: number;
  /** After a secret rotation the old secret keeps working this long, so partners can roll over. */
  readonly secretRotationGraceSeconds: number;
  /** How long a resolved caller (trust, status) is reused: the bound on how late a suspension bites. */
  readonly actorCacheMs: number;
  /** Failed authentications per client id or address within the window before answers turn to 429. */
  readonly failureLimit: number;
  readonly failureWindowSeconds: number;
}

export interface HomeConfig {
  /** The operator of this exchange, created on a brand-new database. */
  readonly name: string;
  readonly shortName: string;
  readonly country: string | undefined;
}

export class ConfigError extends Error {
  constructor(readonly variable: string, problem: string) {
    super(`${variable}: ${problem}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
const NODE_ENVS: readonly NodeEnv[] = ['development', 'production', 'test'];

function str(env: Env, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

/** A PostgreSQL memory setting: a whole number and kB, MB or GB. */
function memorySize(env: Env, name: string, fallback: string): string {
  const value = str(env, name) ?? fallback;
  if (!/^[1-9]\d{0,6}(kB|MB|GB)$/.test(value)) throw new ConfigError(name, `must be a size such as 512MB: a whole number and kB, MB or GB (got "${value}")`);
  return value;
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const value = str(env, name);
  if (value === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new ConfigError(name, `must be one of ${allowed.join(', ')} (got "${value}")`);
  }
  return value as T;
}

function int(env: Env, name: string, fallback: number, min: number, max: number): number {
  const value = str(env, name);
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value)) throw new ConfigError(name, `must be a whole number (got "${value}")`);
  const n = Number(value);
  if (n < min || n > max) throw new ConfigError(name, `must be between ${min} and ${max} (got ${n})`);
  return n;
}

function databaseUrl(env: Env): string | undefined {
  const value = str(env, 'DATABASE_URL');
  if (value === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError('DATABASE_URL', 'is not a URL (expected postgres://user@host:port/database)');
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new ConfigError('DATABASE_URL', `must start with postgres:// (got "${url.protocol}//")`);
  }
  if (url.pathname.length <= 1) throw new ConfigError('DATABASE_URL', 'must name a database');
  return value;
}

function publicUrl(env: Env): string | undefined {
  const value = str(env, 'PUBLIC_URL');
  if (value === undefined) return undefined;
  if (!/^https?:\/\/[^\s]+$/.test(value)) throw new ConfigError('PUBLIC_URL', `must be an http(s) URL (got "${value}")`);
  return value.replace(/\/+$/, '');
}

function shortName(env: Env, name: string, fallback: string): string {
  const value = str(env, name) ?? fallback;
  if (!/^[A-Za-z0-9][A-Za-z0-9/_.-]{0,31}$/.test(value)) throw new ConfigError(name, 'must be 1-32 letters, digits or / _ . -');
  return value;
}

function country(env: Env, name: string): string | undefined {
  const value = str(env, name);
  if (value !== undefined && !/^[A-Z]{2}$/.test(value)) throw new ConfigError(name, 'must be an ISO 3166 two-letter code such as HK');
  return value;
}

function bool(env: Env, name: string, fallback: boolean): boolean {
  const value = str(env, name);
  if (value === undefined) return fallback;
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  throw new ConfigError(name, `must be true or false (got "${value}")`);
}

function syncSecretKey(env: Env): Buffer | undefined {
  const value = str(env, 'SYNC_SECRET_KEY');
  if (value === undefined) return undefined;
  const key = /^[0-9a-fA-F]{64}$/.test(value) ? Buffer.from(value, 'hex') : Buffer.from(value, 'base64');
  if (key.length !== 32) throw new ConfigError('SYNC_SECRET_KEY', 'must be 32 bytes, as 64 hex digits or base64 (e.g. `openssl rand -base64 32`)');
  return key;
}

function taxiiApiRoot(env: Env): string {
  const value = str(env, 'TAXII_API_ROOT') ?? 'api';
  if (!/^[a-z0-9][a-z0-9_-]{0,31}$/.test(value)) throw new ConfigError('TAXII_API_ROOT', 'must be 1-32 lower-case letters, digits, _ or -');
  return value;
}

function jobsSchema(env: Env): string {
  const value = str(env, 'JOBS_SCHEMA') ?? 'pgboss';
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(value)) throw new ConfigError('JOBS_SCHEMA', 'must be a lower-case SQL identifier');
  return value;
}

/** Validates the environment into a frozen config; the first bad variable stops the start. */
export function loadConfig(env: Env = process.env): AppConfig {
  const nodeEnv = oneOf(env, 'NODE_ENV', NODE_ENVS, 'development');
  return Object.freeze({
    nodeEnv,
    host: str(env, 'HOST') ?? '0.0.0.0',
    port: int(env, 'PORT', 4000, 0, 65535),
    databaseUrl: databaseUrl(env),
    databasePoolSize: int(env, 'DATABASE_POOL_SIZE', 10, 1, 500),
    dataDir: path.resolve(str(env, 'DATA_DIR') ?? './.data'),
    embeddedPostgresPort: int(env, 'EMBEDDED_POSTGRES_PORT', 0, 0, 65535),
    embeddedPostgresSharedBuffers: memorySize(env, 'EMBEDDED_POSTGRES_SHARED_BUFFERS', '512MB'),
    logLevel: oneOf(env, 'LOG_LEVEL', LOG_LEVELS, nodeEnv === 'test' ? 'silent' : 'info'),
    maxPageSize: int(env, 'MAX_PAGE_SIZE', 500, 1, 10000),
    bodyLimitBytes: int(env, 'BODY_LIMIT_BYTES', 10 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
    shutdownGraceMs: int(env, 'SHUTDOWN_GRACE_MS', 10000, 0, 600000),
    auth: Object.freeze({
      issuer: str(env, 'TOKEN_ISSUER') ?? 'cert-exchange',
      audience: str(env, 'TOKEN_AUDIENCE') ?? 'cert-exchange',
      publicUrl: publicUrl(env),
      tokenTtlSeconds: int(env, 'TOKEN_TTL_SECONDS', 900, 60, 86400),
      secretRotationGraceSeconds: int(env, 'SECRET_ROTATION_GRACE_SECONDS', 86400, 0, 30 * 86400),
      actorCacheMs: int(env, 'ACTOR_CACHE_MS', 2000, 0, 60000),
      failureLimit: int(env, 'AUTH_FAILURE_LIMIT', 10, 1, 100000),
      failureWindowSeconds: int(env, 'AUTH_FAILURE_WINDOW_SECONDS', 300, 1, 86400),
    }),
    auditAnchorIntervalMs: int(env, 'AUDIT_ANCHOR_INTERVAL_MS', 86_400_000, 0, 31 * 86_400_000),
    auditAnchorFile: path.resolve(str(env, 'AUDIT_ANCHOR_FILE') ?? path.join(str(env, 'DATA_DIR') ?? './.data', 'audit-anchors.jsonl')),
    defaultTlp: oneOf(env, 'DEFAULT_TLP', TLP_LEVELS, 'AMBER'),
    stix: Object.freeze({
      maxBundleBytes: int(env, 'STIX_MAX_BUNDLE_BYTES', 8 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
      maxBundleObjects: int(env, 'STIX_MAX_BUNDLE_OBJECTS', 5000, 1, 1_000_000),
      maxExportObjects: int(env, 'STIX_MAX_EXPORT_OBJECTS', 10000, 1, 1_000_000),
    }),
    taxii: Object.freeze({
      apiRoot: taxiiApiRoot(env),
      maxPageSize: int(env, 'TAXII_MAX_PAGE_SIZE', 1000, 1, 100_000),
      statusRetentionDays: int(env, 'TAXII_STATUS_RETENTION_DAYS', 30, 1, 3650),
    }),
    jobs: Object.freeze({
      // Tests start many exchanges; those that need jobs turn them on.
      enabled: bool(env, 'JOBS_ENABLED', nodeEnv !== 'test'),
      schema: jobsSchema(env),
      poolSize: int(env, 'JOBS_POOL_SIZE', 4, 2, 100),
      pollIntervalMs: int(env, 'JOBS_POLL_INTERVAL_MS', 2000, 500, 600_000),
    }),
    sync: Object.freeze({
      secretKey: syncSecretKey(env),
      requestTimeoutMs: int(env, 'SYNC_REQUEST_TIMEOUT_MS', 60_000, 1000, 3_600_000),
    }),
    hostReports: Object.freeze({
      maxBytes: int(env, 'HOST_REPORTS_MAX_BYTES', 1024 * 1024 * 1024, 1024, 2 ** 40),
      batchSize: int(env, 'HOST_REPORTS_BATCH_SIZE', 20_000, 100, 200_000),
    }),
    home: Object.freeze({
      name: str(env, 'HOME_PARTNER_NAME') ?? 'Home CERT',
      shortName: shortName(env, 'HOME_PARTNER_SHORT_NAME', 'HOME'),
      country: country(env, 'HOME_PARTNER_COUNTRY'),
    }),
  });
}
