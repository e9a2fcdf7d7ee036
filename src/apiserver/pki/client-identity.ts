import { X509Certificate } from 'node:crypto';
import type { PeerCertificate } from 'node:tls';

/**
 * The Kubernetes user a client certificate names: the subject's common name is the
 * user and every organization is a group. Undefined when there is no certificate
 * (a TLS socket without one reports an empty object), no common name, or more than
 * one common name, which would leave the user ambiguous.
 */
export function identityFromCertificate(
  certificate: PeerCertificate | X509Certificate,
): { user: string; groups: string[] } | undefined {
  const subject =
    certificate instanceof X509Certificate
      ? certificate.toLegacyObject().subject
      : (certificate as Partial<PeerCertificate>).subject;
  if (subject === undefined) return undefined;
  const user = subject.CN;
  if (typeof user !== 'string' || user === '') return undefined;
  const organizations = subject.O;
  const groups = organizations === undefined ? [] : typeof organizations === 'string' ? [organizations] : [...organizations];
  return { user, groups };
}
