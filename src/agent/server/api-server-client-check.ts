import type { TLSSocket } from 'node:tls';

/** The only identity allowed to call the agent: the API server's kubelet-client certificate. */
export const API_SERVER_CLIENT_NAME = 'kube-apiserver-kubelet-client';

export type ClientCheck = { readonly allowed: true } | { readonly allowed: false; readonly statusCode: 401 | 403; readonly message: string };

/**
 * Checks the caller's client certificate (verified against the cluster CA in the TLS
 * handshake): none or unverified is 401, another identity 403, as the kubelet answers.
 */
export function checkApiServerClient(socket: TLSSocket, verb: string, subresource: string): ClientCheck {
  if (!socket.authorized) return { allowed: false, statusCode: 401, message: 'Unauthorized' };
  const commonName = String(socket.getPeerCertificate().subject.CN);
  if (commonName !== API_SERVER_CLIENT_NAME) {
    return {
      allowed: false,
      statusCode: 403,
      message: `Forbidden (user=${commonName}, verb=${verb}, resource=nodes, subresource(s)=[${subresource}])`,
    };
  }
  return { allowed: true };
}
