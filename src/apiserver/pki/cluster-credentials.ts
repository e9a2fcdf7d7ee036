import { createPrivateKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import type { X509Certificate } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import { join } from 'node:path';
import type { CertificateIssuer, LeafRequest, PemPair } from './certificate-issuer.js';
import { identityFromCertificate } from './client-identity.js';
import { CredentialsError } from './credentials-error.js';
import { readKeyPair } from './read-key-pair.js';
import { writeFileAtomic } from './write-file-atomic.js';

export interface ClusterCredentials {
  readonly caCertPem: string;
  readonly caKeyPem: string;
  readonly servingCertPem: string;
  readonly servingKeyPem: string;
  readonly adminCertPem: string;
  readonly adminKeyPem: string;
  /** The API server's client certificate for calling agents (CN kube-apiserver-kubelet-client, O system:masters). */
  readonly kubeletClientCertPem: string;
  readonly kubeletClientKeyPem: string;
  /** The join token agents present (a random secret). */
  readonly token: string;
  /** The ECDSA P-256 key (PKCS#8 PEM) that signs service account tokens. */
  readonly serviceAccountKeyPem: string;
}

export interface ClusterCredentialsOptions {
  readonly dataDir: string;
  /** DNS names the serving certificate must cover (e.g. localhost, the hostname, kubernetes, kubernetes.default, kubernetes.default.svc, kubernetes.default.svc.cluster.local). */
  readonly hostnames: readonly string[];
  /** IP addresses it must cover (e.g. 127.0.0.1, ::1, the node IP, the service VIP 10.43.0.1). */
  readonly ipAddresses: readonly string[];
  readonly now?: Date;
}

const DAY_MS = 86_400_000;
const CA_VALIDITY_DAYS = 3650;
const LEAF_VALIDITY_DAYS = 365;
const RENEW_WITHIN_MS = 30 * DAY_MS;
const SERVER_AUTH = '1.3.6.1.5.5.7.3.1';
const CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';
const ADMIN_USER = 'tugboat-admin';
const ADMIN_GROUP = 'system:masters';
const KUBELET_CLIENT_USER = 'kube-apiserver-kubelet-client';

interface FilePair {
  readonly cert: string;
  readonly key: string;
}

interface Authority {
  readonly pair: PemPair;
  readonly certificate: X509Certificate;
  readonly issuer: () => Promise<CertificateIssuer>;
}

/**
 * Loads the cluster's credentials from `DATA_DIR/tls/` and `DATA_DIR/token`, creating
 * what is missing: a CA, a serving certificate, an admin client certificate
 * (CN=tugboat-admin, O=system:masters), a join token and the service account
 * token signing key (`tls/service-account.key`).
 *
 * Existing files are reused byte for byte. A serving or admin certificate is
 * re-issued by the same CA when it is unreadable, does not match its key, was not
 * issued by the CA, expires within 30 days or (serving) does not cover every name
 * and address asked for. The CA and the token are created only when absent and are
 * never replaced: a damaged one, or a CA missing one of its two files, is a
 * CredentialsError naming the file, since replacing either would lock out every
 * client or agent that holds the old one.
 */
export async function ensureClusterCredentials(options: ClusterCredentialsOptions): Promise<ClusterCredentials> {
  const now = options.now ?? new Date();
  const { hostnames, ipAddresses } = subjectAlternativeNames(options);
  const directory = join(options.dataDir, 'tls');
  await mkdir(options.dataDir, { recursive: true });
  await mkdir(directory, { recursive: true, mode: 0o700 });
  const files = (name: string): FilePair => ({ cert: join(directory, `${name}.crt`), key: join(directory, `${name}.key`) });

  const authority = await ensureAuthority(files('ca'), [files('serving'), files('admin'), files('kubelet-client')], now);
  const serving = await ensureLeaf({
    files: files('serving'),
    authority,
    now,
    request: { commonName: 'tugboat-apiserver', usage: 'serverAuth', dnsNames: hostnames, ipAddresses },
    fits: (certificate) =>
      allowsUsage(certificate, SERVER_AUTH) &&
      hostnames.every((name) => certificate.checkHost(name, { subject: 'never', wildcards: false }) !== undefined) &&
      ipAddresses.every((address) => certificate.checkIP(address) !== undefined),
  });
  const admin = await ensureClientLeaf(files('admin'), authority, now, ADMIN_USER);
  const kubeletClient = await ensureClientLeaf(files('kubelet-client'), authority, now, KUBELET_CLIENT_USER);
  const token = await ensureToken(join(options.dataDir, 'token'));
  const serviceAccountKeyPem = await ensureServiceAccountKey(join(directory, 'service-account.key'));
  return {
    caCertPem: authority.pair.certPem,
    caKeyPem: authority.pair.keyPem,
    servingCertPem: serving.certPem,
    servingKeyPem: serving.keyPem,
    adminCertPem: admin.certPem,
    adminKeyPem: admin.keyPem,
    kubeletClientCertPem: kubeletClient.certPem,
    kubeletClientKeyPem: kubeletClient.keyPem,
    token,
    serviceAccountKeyPem,
  };
}

/** A client certificate for `user` in the system:masters group. */
function ensureClientLeaf(leafFiles: FilePair, authority: Authority, now: Date, user: string): Promise<PemPair> {
  return ensureLeaf({
    files: leafFiles,
    authority,
    now,
    request: { commonName: user, organizations: [ADMIN_GROUP], usage: 'clientAuth' },
    fits: (certificate) => {
      const identity = identityFromCertificate(certificate);
      return (
        allowsUsage(certificate, CLIENT_AUTH) &&
        identity?.user === user &&
        identity.groups.length === 1 &&
        identity.groups[0] === ADMIN_GROUP
      );
    },
  });
}

async function ensureAuthority(files: FilePair, issued: readonly FilePair[], now: Date): Promise<Authority> {
  const certPem = await readOptional(files.cert);
  const keyPem = await readOptional(files.key);
  if (certPem === undefined) {
    // The key is written first, so a key alone is an interrupted first start, unless
    // certificates were issued since: then the CA certificate was lost.
    const issuedAny = await Promise.all(issued.map(async (pair) => (await readOptional(pair.cert)) !== undefined));
    if (keyPem !== undefined && issuedAny.includes(true)) {
      throw new CredentialsError(
        'is missing while the CA key and certificates it issued remain; restore it, or remove the tls directory to create a new cluster CA',
        files.cert,
      );
    }
    const { CertificateIssuer } = await import('./certificate-issuer.js');
    const { issuer, pair } = await CertificateIssuer.create({ now, validityDays: CA_VALIDITY_DAYS });
    await writeFileAtomic(files.key, pair.keyPem, { mode: 0o600 });
    await writeFileAtomic(files.cert, pair.certPem, { mode: 0o644 });
    return { pair, certificate: readKeyPair(pair, files).certificate, issuer: () => Promise.resolve(issuer) };
  }
  if (keyPem === undefined) {
    throw new CredentialsError(`is missing; the cluster CA in ${files.cert} cannot sign without it`, files.key);
  }
  const pair = { certPem, keyPem };
  const { certificate } = readKeyPair(pair, files, (candidate) => {
    if (candidate.subject === candidate.issuer && !candidate.verify(candidate.publicKey)) {
      throw new CredentialsError('is damaged: its self-signature does not verify', files.cert);
    }
    if (!candidate.ca) throw new CredentialsError('is not a CA certificate (basic constraints CA:FALSE)', files.cert);
    const expires = new Date(candidate.validTo);
    if (expires <= now) throw new CredentialsError(`expired on ${expires.toISOString()}`, files.cert);
  });
  let loading: Promise<CertificateIssuer> | undefined;
  // The issuing code (and @peculiar/x509) loads only when something must be issued,
  // which keeps ordinary restarts fast.
  const issuer = () => (loading ??= import('./certificate-issuer.js').then((module) => module.CertificateIssuer.load(pair)));
  return { pair, certificate, issuer };
}

async function ensureLeaf(leaf: {
  files: FilePair;
  authority: Authority;
  now: Date;
  request: Omit<LeafRequest, 'now' | 'validityDays'>;
  fits: (certificate: X509Certificate) => boolean;
}): Promise<PemPair> {
  const certPem = await readOptional(leaf.files.cert);
  const keyPem = await readOptional(leaf.files.key);
  if (certPem !== undefined && keyPem !== undefined && isCurrent({ certPem, keyPem }, leaf)) {
    return { certPem, keyPem };
  }
  const issuer = await leaf.authority.issuer();
  const pair = await issuer.issue({ ...leaf.request, now: leaf.now, validityDays: LEAF_VALIDITY_DAYS });
  // Key first: a crash in between leaves a pair that does not match and is re-issued.
  await writeFileAtomic(leaf.files.key, pair.keyPem, { mode: 0o600 });
  await writeFileAtomic(leaf.files.cert, pair.certPem, { mode: 0o644 });
  return pair;
}

function isCurrent(
  pair: PemPair,
  leaf: { files: FilePair; authority: Authority; now: Date; fits: (certificate: X509Certificate) => boolean },
): boolean {
  let certificate: X509Certificate;
  try {
    certificate = readKeyPair(pair, leaf.files).certificate;
  } catch (error) {
    if (error instanceof CredentialsError) return false;
    throw error;
  }
  const ca = leaf.authority.certificate;
  const now = leaf.now.getTime();
  return (
    certificate.checkIssued(ca) &&
    certificate.verify(ca.publicKey) &&
    new Date(certificate.validFrom).getTime() <= now &&
    new Date(certificate.validTo).getTime() - now > RENEW_WITHIN_MS &&
    leaf.fits(certificate)
  );
}

/** Node reports the extended key usages as `keyUsage`, undefined when the extension is absent. */
function allowsUsage(certificate: X509Certificate, usage: string): boolean {
  const usages = certificate.keyUsage as string[] | undefined;
  return usages?.includes(usage) === true;
}

async function ensureToken(path: string): Promise<string> {
  const existing = await readOptional(path);
  if (existing !== undefined) {
    const token = existing.trim();
    if (!/^[\x21-\x7e]+$/.test(token)) {
      throw new CredentialsError('does not hold a token (one line of printable characters)', path);
    }
    return token;
  }
  const token = randomBytes(32).toString('hex');
  await writeFileAtomic(path, `${token}\n`, { mode: 0o600 });
  return token;
}

/** Like the CA, never replaced: a new key would invalidate every token already issued. */
async function ensureServiceAccountKey(path: string): Promise<string> {
  const existing = await readOptional(path);
  if (existing !== undefined) {
    try {
      const key = createPrivateKey(existing);
      if (key.asymmetricKeyType !== 'ec' && key.asymmetricKeyType !== 'rsa') throw new Error(key.asymmetricKeyType);
    } catch (error) {
      throw new CredentialsError('does not hold an ECDSA P-256 or RSA private key for service account tokens', path, { cause: error });
    }
    return existing;
  }
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  await writeFileAtomic(path, pem, { mode: 0o600 });
  return pem;
}

async function readOptional(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    throw new CredentialsError(`cannot be read (${code ?? String(error)})`, path, { cause: error });
  }
}

/** Checks and de-duplicates the names; an IP address given as a hostname is covered as an IP. */
function subjectAlternativeNames(options: ClusterCredentialsOptions): { hostnames: string[]; ipAddresses: string[] } {
  const hostnames = new Map<string, string>();
  const ipAddresses = new Set<string>();
  for (const address of options.ipAddresses) {
    if (isIP(address) === 0 || address.includes('%')) {
      throw new CredentialsError(`${JSON.stringify(address)} is not an IP address for the serving certificate`);
    }
    ipAddresses.add(address);
  }
  for (const name of options.hostnames) {
    if (isIP(name) !== 0 && !name.includes('%')) {
      ipAddresses.add(name);
    } else if (/^(\*\.)?[A-Za-z0-9_]([A-Za-z0-9_-]*[A-Za-z0-9_])?(\.[A-Za-z0-9_]([A-Za-z0-9_-]*[A-Za-z0-9_])?)*$/.test(name)) {
      hostnames.set(name.toLowerCase(), name);
    } else {
      throw new CredentialsError(`${JSON.stringify(name)} is not a DNS name for the serving certificate`);
    }
  }
  return { hostnames: [...hostnames.values()], ipAddresses: [...ipAddresses] };
}
