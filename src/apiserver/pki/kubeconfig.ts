import { stringify } from 'yaml';
import { writeFileAtomic } from './write-file-atomic.js';

export interface KubeconfigOptions {
  /** e.g. https://127.0.0.1:6443 */
  readonly serverUrl: string;
  readonly caCertPem: string;
  readonly clientCertPem: string;
  readonly clientKeyPem: string;
  readonly clusterName?: string;
  readonly userName?: string;
  readonly contextName?: string;
}

/** A kubeconfig with one cluster, one user and one context, credentials embedded. */
export function renderKubeconfig(options: KubeconfigOptions): string {
  const clusterName = options.clusterName ?? 'tugboat';
  const userName = options.userName ?? 'admin';
  const contextName = options.contextName ?? 'tugboat';
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    preferences: {},
    clusters: [
      {
        name: clusterName,
        cluster: { server: options.serverUrl, 'certificate-authority-data': base64(options.caCertPem) },
      },
    ],
    users: [
      {
        name: userName,
        user: {
          'client-certificate-data': base64(options.clientCertPem),
          'client-key-data': base64(options.clientKeyPem),
        },
      },
    ],
    contexts: [{ name: contextName, context: { cluster: clusterName, user: userName } }],
    'current-context': contextName,
  }, { lineWidth: 0 });
}

/** Writes a kubeconfig atomically, readable only by its owner (it holds a private key). */
export async function writeKubeconfig(path: string, content: string): Promise<void> {
  await writeFileAtomic(path, content, { mode: 0o600 });
}

function base64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}
