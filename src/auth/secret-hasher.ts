import { randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

/** argon2id, OWASP's minimum profile: 19 MiB, 2 passes. Algorithm 2 is argon2id in @node-rs/argon2. */
const OPTIONS = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

/** Verifying against this keeps an unknown client as slow as a wrong secret, so timing reveals nothing. */
let decoy: Promise<string> | undefined;

export function newClientSecret(): string {
  return `cxs_${randomBytes(32).toString('base64url')}`;
}

export function newClientId(): string {
  return `cxc_${randomBytes(12).toString('hex')}`;
}

export function hashSecret(secret: string): Promise<string> {
  return hash(secret, OPTIONS);
}

/** Constant-shape check: always one argon2 verification, whether or not the client exists. */
export async function verifySecret(secret: string, hashes: readonly (string | null | undefined)[]): Promise<boolean> {
  const candidates = hashes.filter((h): h is string => typeof h === 'string');
  if (candidates.length === 0) {
    decoy ??= hashSecret(newClientSecret());
    await verify(await decoy, secret).catch(() => false);
    return false;
  }
  let ok = false;
  for (const h of candidates) ok = (await verify(h, secret).catch(() => false)) || ok;
  return ok;
}
