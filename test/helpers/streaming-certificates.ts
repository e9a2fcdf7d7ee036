import { CertificateIssuer, type PemPair } from '../../src/apiserver/pki/certificate-issuer.js';

export interface StreamingCertificates {
  readonly caPem: string;
  /** CN kube-apiserver-kubelet-client, O system:masters: the API server's identity. */
  readonly kubeletClient: PemPair;
  /** Signed by the same CA, but someone else (an admin). */
  readonly admin: PemPair;
  /** The right name, signed by a CA the agent does not trust. */
  readonly foreign: PemPair;
}

/** A cluster CA and the client certificates the agent server tests present. */
export async function streamingCertificates(): Promise<StreamingCertificates> {
  const now = new Date();
  const { issuer, pair } = await CertificateIssuer.create({ now, validityDays: 2 });
  const { issuer: other } = await CertificateIssuer.create({ now, validityDays: 2 });
  const client = (from: CertificateIssuer, commonName: string): Promise<PemPair> =>
    from.issue({ commonName, organizations: ['system:masters'], usage: 'clientAuth', now, validityDays: 1 });
  return {
    caPem: pair.certPem,
    kubeletClient: await client(issuer, 'kube-apiserver-kubelet-client'),
    admin: await client(issuer, 'tugboat-admin'),
    foreign: await client(other, 'kube-apiserver-kubelet-client'),
  };
}
