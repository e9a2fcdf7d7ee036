import { timingSafeEqual } from 'node:crypto';
import type { TLSSocket } from 'node:tls';
import type { Request, UserInfo } from './http-types.js';

export interface AuthenticatorOptions {
  /** Reads user and groups from a verified client certificate. */
  readonly identityFromCertificate: (certificate: ReturnType<TLSSocket['getPeerCertificate']>) => UserInfo | undefined;
  /** The cluster's join token; a bearer token equal to it authenticates as a node bootstrapper. */
  readonly token: string;
}

/**
 * Authenticates a request by its client certificate (verified against the cluster CA
 * during the TLS handshake) or by bearer token. Returns undefined for anonymous.
 */
export function authenticate(request: Request, options: AuthenticatorOptions): UserInfo | undefined {
  const socket = request.socket as TLSSocket;
  if (socket.authorized) {
    const identity = options.identityFromCertificate(socket.getPeerCertificate());
    if (identity !== undefined) return identity;
  }
  const header = request.headers.authorization;
  if (typeof header === 'string' && header.startsWith('Bearer ')) {
    const presented = Buffer.from(header.slice('Bearer '.length).trim());
    const expected = Buffer.from(options.token);
    if (presented.length === expected.length && timingSafeEqual(presented, expected)) {
      return { user: 'system:bootstrap:tugboat', groups: ['system:bootstrappers', 'system:authenticated'] };
    }
  }
  return undefined;
}
