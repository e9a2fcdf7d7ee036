// @peculiar/x509 (through tsyringe) needs the Reflect metadata polyfill loaded first.
import 'reflect-metadata';
import { createPrivateKey, randomBytes, webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

const DAY_MS = 86_400_000;
/** Certificates start an hour early so peers whose clocks lag a little still accept them. */
const BACKDATE_MS = 3_600_000;
const KEY_ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256' };
const SIGNING_ALGORITHM = { name: 'ECDSA', hash: 'SHA-256' };

/** A certificate and its private key, both PEM. */
export interface PemPair {
  readonly certPem: string;
  readonly keyPem: string;
}

export interface LeafRequest {
  readonly commonName: string;
  readonly organizations?: readonly string[];
  readonly usage: 'serverAuth' | 'clientAuth';
  readonly dnsNames?: readonly string[];
  readonly ipAddresses?: readonly string[];
  readonly now: Date;
  readonly validityDays: number;
}

/**
 * A certificate authority that issues ECDSA P-256 leaf certificates. Its own
 * certificate and key are expected to have been checked already (see readKeyPair).
 */
export class CertificateIssuer {
  readonly #certificate: x509.X509Certificate;
  readonly #signingKey: webcrypto.CryptoKey;
  readonly #keyId: string;

  private constructor(certificate: x509.X509Certificate, signingKey: webcrypto.CryptoKey, keyId: string) {
    this.#certificate = certificate;
    this.#signingKey = signingKey;
    this.#keyId = keyId;
  }

  /** Creates a new self-signed CA named `tugboat-ca@<unix seconds>`. */
  static async create(options: { now: Date; validityDays: number }): Promise<{ issuer: CertificateIssuer; pair: PemPair }> {
    const keys = await generateKeys();
    const identifier = await x509.SubjectKeyIdentifierExtension.create(keys.publicKey, false, webcrypto);
    const certificate = await x509.X509CertificateGenerator.createSelfSigned(
      {
        serialNumber: randomSerialNumber(),
        name: [{ CN: [`tugboat-ca@${Math.floor(options.now.getTime() / 1000)}`] }],
        notBefore: new Date(options.now.getTime() - BACKDATE_MS),
        notAfter: new Date(options.now.getTime() + options.validityDays * DAY_MS),
        keys,
        signingAlgorithm: SIGNING_ALGORITHM,
        extensions: [
          new x509.BasicConstraintsExtension(true, undefined, true),
          new x509.KeyUsagesExtension(
            x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign | x509.KeyUsageFlags.digitalSignature,
            true,
          ),
          identifier,
        ],
      },
      webcrypto,
    );
    const issuer = new CertificateIssuer(certificate, keys.privateKey, identifier.keyId);
    return { issuer, pair: { certPem: certificate.toString('pem'), keyPem: await exportKeyPem(keys.privateKey) } };
  }

  /** Loads an existing CA from PEM; its key must be ECDSA P-256. */
  static async load(pair: PemPair): Promise<CertificateIssuer> {
    const certificate = new x509.X509Certificate(pair.certPem);
    const der = createPrivateKey(pair.keyPem).export({ type: 'pkcs8', format: 'der' });
    const signingKey = await webcrypto.subtle.importKey('pkcs8', der, KEY_ALGORITHM, false, ['sign']);
    const ownIdentifier = certificate.getExtension(x509.SubjectKeyIdentifierExtension);
    const keyId =
      ownIdentifier?.keyId ??
      (await x509.SubjectKeyIdentifierExtension.create(certificate.publicKey, false, webcrypto)).keyId;
    return new CertificateIssuer(certificate, signingKey, keyId);
  }

  /** Issues a leaf certificate with a fresh key, valid no longer than this CA. */
  async issue(request: LeafRequest): Promise<PemPair> {
    const keys = await generateKeys();
    const notAfter = Math.min(request.now.getTime() + request.validityDays * DAY_MS, this.#certificate.notAfter.getTime());
    const alternativeNames: x509.JsonGeneralName[] = [
      ...(request.dnsNames ?? []).map((value) => ({ type: 'dns' as const, value })),
      ...(request.ipAddresses ?? []).map((value) => ({ type: 'ip' as const, value })),
    ];
    const extensions: x509.Extension[] = [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage[request.usage]]),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey, false, webcrypto),
      new x509.AuthorityKeyIdentifierExtension(this.#keyId),
    ];
    if (alternativeNames.length > 0) extensions.push(new x509.SubjectAlternativeNameExtension(alternativeNames));
    const certificate = await x509.X509CertificateGenerator.create(
      {
        serialNumber: randomSerialNumber(),
        // Go-style order: organizations first, then the common name.
        subject: [...(request.organizations ?? []).map((organization) => ({ O: [organization] })), { CN: [request.commonName] }],
        // The parsed name, not its text, so the issuer bytes equal the CA's subject bytes exactly.
        issuer: this.#certificate.subjectName,
        notBefore: new Date(request.now.getTime() - BACKDATE_MS),
        notAfter: new Date(notAfter),
        publicKey: keys.publicKey,
        signingKey: this.#signingKey,
        signingAlgorithm: SIGNING_ALGORITHM,
        extensions,
      },
      webcrypto,
    );
    return { certPem: certificate.toString('pem'), keyPem: await exportKeyPem(keys.privateKey) };
  }
}

async function generateKeys(): Promise<webcrypto.CryptoKeyPair> {
  return webcrypto.subtle.generateKey(KEY_ALGORITHM, true, ['sign', 'verify']);
}

async function exportKeyPem(key: webcrypto.CryptoKey): Promise<string> {
  const der = await webcrypto.subtle.exportKey('pkcs8', key);
  return x509.PemConverter.encode(der, 'PRIVATE KEY');
}

/** 16 random bytes, positive and minimally encoded as DER requires (first byte 1..127). */
function randomSerialNumber(): string {
  const bytes = randomBytes(16);
  bytes[0] = ((bytes[0] ?? 0) % 0x7f) + 1;
  return bytes.toString('hex');
}
