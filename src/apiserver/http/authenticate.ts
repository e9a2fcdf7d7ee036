import { timingSafeEqual } from 'node:crypto';
import type { TLSSocket } from 'node:tls';
import type { Request, UserInfo } from './http-types.js';

/** A connection's client certificate does not change: read it once per TLS socket. */
const identities = new WeakMap<object, UserInfo | null>();

function certificateIdentity(request: Request, options: AuthenticatorOptions): UserInfo | undefined {
  const socket = request.socket as TLSSocket;
  // An HTTP/2 request's socket is a per-stream proxy; its session is the stable key.
  const stream = (request as { stream?: { session?: object } }).stream;
  const key = stream?.session ?? socket;
  let identity = identities.get(key);
  if (identity === undefined) {
    identity = socket.authorized ? (options.identityFromCertificate(socket.getPeerCertificate()) ?? null) : null;
    identities.set(key, identity);
  }
  return identity ?? undefined;
}

export interface AuthenticatorOptions {
  /** Reads user and groups from a verified client certificate. */
  readonly identityFromCertificate: (certificate: ReturnType<TLSSocket['getPeerCertificate']>) => UserInfo | undefined;
  /** The cluster's join token; a bearer token equal to it authenticates as a node bootstrapper. */
  readonly token: string;
  /**
   * The PEM private key that signs service account tokens. Without it the serving key
   * signs them, as upstream falls back to its TLS key (such tokens stop working when
   * the serving certificate is re-issued with a new key).
   */
  readonly serviceAccountKeyPem?: string;
}

/** Verifies service account JWTs presented as bearer tokens. */
export interface ServiceAccountTokenAuthenticator {
  authenticate(token: string): Promise<UserInfo | undefined>;
}

/**
 * Authenticates a request by its client certificate (verified against the cluster CA
 * during the TLS handshake) or by bearer token (the join token or a service account
 * token). Resolves to undefined for anonymous.
 */
export async function authenticate(
  request: Request,
  options: AuthenticatorOptions,
  serviceAccountTokens?: ServiceAccountTokenAuthenticator,
): Promise<UserInfo | undefined> {
  const identity = certificateIdentity(request, options);
  if (identity !== undefined) return identity;
  const header = request.headers.authorization;
  if (typeof header === 'string' && header.startsWith('Bearer ')) {
    const presented = Buffer.from(header.slice('Bearer '.length).trim());
    const expected = Buffer.from(options.token);
    if (presented.length === expected.length && timingSafeEqual(presented, expected)) {
      return { user: 'system:bootstrap:tugboat', groups: ['system:bootstrappers', 'system:authenticated'] };
    }
    return await serviceAccountTokens?.authenticate(presented.toString());
  }
  return undefined;
}
