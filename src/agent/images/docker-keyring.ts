import type { RegistryAuth } from '../runtime/container-runtime.js';
import type { DockerConfigEntry } from './docker-config-json.js';
import { DOCKER_HUB_DOMAIN, parseImageReference } from './image-reference.js';

interface KeyringEntry {
  /** Lowercase host labels, `*` matching any one label. */
  readonly labels: readonly string[];
  readonly port: string;
  /** A repository path prefix, empty for the whole registry. */
  readonly path: string;
  readonly specificity: number;
  readonly auth: RegistryAuth;
}

const dockerHubHosts = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io']);

function keyringEntry({ registry, auth }: DockerConfigEntry): KeyringEntry | undefined {
  let url: URL;
  try {
    url = new URL(/^https?:\/\//.test(registry) ? registry : `https://${registry}`);
  } catch {
    return undefined;
  }
  const hostname = url.hostname;
  const host = dockerHubHosts.has(hostname) ? DOCKER_HUB_DOMAIN : hostname;
  const path = url.pathname.replace(/^\/v[12]\//, '/').replace(/^\/+|\/+$/g, '');
  return { labels: host.toLowerCase().split('.'), port: url.port, path, specificity: registry.length, auth };
}

function hostMatches(entry: KeyringEntry, hostname: string, port: string): boolean {
  const labels = hostname.toLowerCase().split('.');
  return entry.port === port
    && labels.length === entry.labels.length
    && entry.labels.every((label, index) => label === '*' || label === labels[index]);
}

/**
 * The credentials of a pod's imagePullSecrets, matched to an image the way the
 * kubelet's keyring does: by host (a `*` label matches any one label, ports must
 * be equal, Docker Hub's aliases are one host) and repository path prefix, most
 * specific key first.
 */
export class DockerKeyring {
  readonly #entries: readonly KeyringEntry[];

  constructor(entries: readonly DockerConfigEntry[]) {
    this.#entries = entries
      .map(keyringEntry)
      .filter((entry): entry is KeyringEntry => entry !== undefined)
      .sort((a, b) => b.specificity - a.specificity);
  }

  /** Every matching credential, best first; empty when none applies. Throws on an invalid reference. */
  lookup(image: string): RegistryAuth[] {
    const { domain, path } = parseImageReference(image);
    const url = new URL(`https://${domain}`);
    return this.#entries
      .filter((entry) => hostMatches(entry, url.hostname, url.port))
      .filter((entry) => entry.path === '' || path === entry.path || path.startsWith(`${entry.path}/`))
      .map((entry) => entry.auth);
  }
}
