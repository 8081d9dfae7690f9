import { createPublicKey, constants, verify, type KeyObject } from 'node:crypto';

export interface DecodedJws {
  readonly header: Record<string, unknown>;
  readonly payload: Record<string, unknown>;
  readonly signingInput: Buffer;
  readonly signature: Buffer;
}

function json(part: string): Record<string, unknown> {
  const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('not a JSON object');
  return value as Record<string, unknown>;
}

/** Splits a compact JWS without trusting anything in it yet. */
export function decodeJws(token: string): DecodedJws | undefined {
  const parts = token.split('.');
  if (parts.length !== 3 || parts.some((p) => !/^[A-Za-z0-9_-]*$/.test(p))) return undefined;
  try {
    return { header: json(parts[0]!), payload: json(parts[1]!), signingInput: Buffer.from(`${parts[0]}.${parts[1]}`), signature: Buffer.from(parts[2]!, 'base64url') };
  } catch {
    return undefined;
  }
}

/**
 * Verifies a JWS signature with the algorithm of the registered key: the token's own `alg` must equal it,
 * so `none`, HMAC-with-the-public-key and algorithm swaps all fail here.
 */
export function verifyJwsSignature(jws: DecodedJws, jwk: Record<string, unknown>): boolean {
  const alg = jwk.alg;
  if (typeof alg !== 'string' || jws.header.alg !== alg) return false;
  let key: KeyObject;
  try {
    key = createPublicKey({ key: jwk as never, format: 'jwk' });
  } catch {
    return false;
  }
  try {
    switch (alg) {
      case 'ES256':
        return key.asymmetricKeyType === 'ec' && verify('sha256', jws.signingInput, { key, dsaEncoding: 'ieee-p1363' }, jws.signature);
      case 'EdDSA':
        return key.asymmetricKeyType === 'ed25519' && verify(null, jws.signingInput, key, jws.signature);
      case 'RS256':
        return key.asymmetricKeyType === 'rsa' && verify('sha256', jws.signingInput, key, jws.signature);
      case 'PS256':
        return key.asymmetricKeyType === 'rsa' && verify('sha256', jws.signingInput, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }, jws.signature);
      default:
        return false;
    }
  } catch {
    return false;
  }
}
