import { createPrivateKey, X509Certificate } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { CredentialsError } from './credentials-error.js';

/**
 * Parses a PEM certificate and its PEM private key and checks that they belong
 * together and that the key is ECDSA P-256. Throws CredentialsError naming the
 * file at fault. `checkCertificate` may throw about the certificate before the key
 * is looked at, so a wrong certificate is blamed on the certificate.
 */
export function readKeyPair(
  pem: { readonly certPem: string; readonly keyPem: string },
  files: { readonly cert: string; readonly key: string },
  checkCertificate?: (certificate: X509Certificate) => void,
): { certificate: X509Certificate; key: KeyObject } {
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(pem.certPem);
  } catch (error) {
    throw new CredentialsError('is not a readable PEM certificate', files.cert, { cause: error });
  }
  checkCertificate?.(certificate);
  let key: KeyObject;
  try {
    key = createPrivateKey(pem.keyPem);
  } catch (error) {
    throw new CredentialsError('is not a readable PEM private key', files.key, { cause: error });
  }
  if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    throw new CredentialsError('is not an ECDSA P-256 private key', files.key);
  }
  if (!certificate.checkPrivateKey(key)) {
    throw new CredentialsError(`does not match the certificate in ${files.cert}`, files.key);
  }
  return { certificate, key };
}
