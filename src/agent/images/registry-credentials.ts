import type { RegistryAuth } from '../runtime/container-runtime.js';
import { defaultRegistryEndpoint, parseImageReference } from './image-reference.js';
import type { RegistriesConfig, RegistryAuthConfig } from './registries-config.js';

function registryAuth(auth: RegistryAuthConfig, endpoint: string): RegistryAuth {
  return {
    serverAddress: endpoint,
    ...(auth.username === undefined ? {} : { username: auth.username }),
    ...(auth.password === undefined ? {} : { password: auth.password }),
    ...(auth.auth === undefined ? {} : { auth: auth.auth }),
    ...(auth.identitytoken === undefined ? {} : { identityToken: auth.identitytoken }),
  };
}

/**
 * The credentials of registries.yaml (`configs.<host>.auth`) for image pulls.
 * containerd 1.6 reads no credentials from hosts.toml, and a CRI pull carries one
 * auth, so `forImage` picks the credentials of the first endpoint a pull tries
 * that has any: the registry's mirrors in order, then the registry itself.
 * The auth names that endpoint as its server address, and containerd sends it to
 * that host only, never to the other mirrors.
 */
export class RegistryCredentials {
  readonly #config: RegistriesConfig;

  constructor(config: RegistriesConfig) {
    this.#config = config;
  }

  /** Throws `InvalidImageReferenceError` for an invalid reference. */
  forImage(image: string): RegistryAuth | undefined {
    const { domain } = parseImageReference(image);
    const configs = this.#config.configs;
    const authOf = (endpoint: string): RegistryAuthConfig | undefined => configs[new URL(endpoint).host]?.auth;
    const server = defaultRegistryEndpoint(domain);
    const candidates = [
      ...(this.#config.mirrors[domain]?.endpoint ?? []).map((endpoint) => ({ endpoint, auth: authOf(endpoint) })),
      { endpoint: server, auth: authOf(server) ?? configs[domain]?.auth },
    ];
    for (const { endpoint, auth } of candidates) {
      if (auth !== undefined) return registryAuth(auth, endpoint);
    }
    return undefined;
  }
}
