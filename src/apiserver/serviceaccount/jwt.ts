import { createHash, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';

/** A signed JWT's header and claims, as decoded (signature verified). */
export interface VerifiedJwt {
  readonly header: Record<string, unknown>;
  readonly claims: Record<string, unknown>;
}

/** The JWS algorithm of a signing key: ES256 for P-256 keys, RS256 for RSA keys. */
export function jwsAlgorithmOf(key: KeyObject): 'ES256' | 'RS256' {
  if (key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1') return 'ES256';
  if (key.asymmetricKeyType === 'rsa') return 'RS256';
  throw new Error(`service account signing keys must be ECDSA P-256 or RSA, not ${key.asymmetricKeyType ?? 'unknown'}`);
}

/** Upstream's key id: the unpadded base64url SHA-256 of the public key's DER (SPKI) encoding. */
export function keyIdOf(key: KeyObject): string {
  const der = createPublicKey(key).export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(der).digest('base64url');
}

/** A compact JWS: base64url(header).base64url(claims).base64url(signature). */
export function signJwt(claims: Record<string, unknown>, key: KeyObject, keyId: string): string {
  const header = { alg: jwsAlgorithmOf(key), kid: keyId };
  const input = `${encode(header)}.${encode(claims)}`;
  const signature = sign('sha256', Buffer.from(input), { key, dsaEncoding: 'ieee-p1363' });
  return `${input}.${signature.toString('base64url')}`;
}

/** The decoded token if its signature verifies with `publicKey`; undefined for anything malformed or forged. */
export function verifyJwt(token: string, publicKey: KeyObject): VerifiedJwt | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  const [headerText = '', claimsText = '', signatureText = ''] = parts;
  const header = decode(headerText);
  const claims = decode(claimsText);
  if (header === undefined || claims === undefined || header.alg !== jwsAlgorithmOf(publicKey)) return undefined;
  const signature = Buffer.from(signatureText, 'base64url');
  const valid = verify('sha256', Buffer.from(`${headerText}.${claimsText}`), { key: publicKey, dsaEncoding: 'ieee-p1363' }, signature);
  return valid ? { header, claims } : undefined;
}

/** The claims of a JWT without checking its signature (to route it to the right verifier). */
export function unverifiedClaims(token: string): Record<string, unknown> | undefined {
  const parts = token.split('.');
  return parts.length === 3 ? decode(parts[1] ?? '') : undefined;
}

function encode(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

function decode(text: string): Record<string, unknown> | undefined {
  if (!/^[A-Za-z0-9_-]+$/.test(text)) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
