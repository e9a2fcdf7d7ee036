import type { ConfigMap, Secret } from '../../api/kinds.js';
import { resourceOf, type ApiClient } from '../../client/api-client.js';
import { isNotFound } from '../../client/api-status-error.js';

const CONFIG_MAPS = resourceOf('v1', 'ConfigMap');
const SECRETS = resourceOf('v1', 'Secret');

/** Where env resolution reads ConfigMaps and Secrets; undefined means "not found". */
export interface ConfigSource {
  configMap(namespace: string, name: string): Promise<ConfigMap | undefined>;
  secret(namespace: string, name: string): Promise<Secret | undefined>;
}

/** Reads from the API on every call, as the kubelet's "Get" config map strategy does. */
export class ApiConfigSource implements ConfigSource {
  readonly #client: ApiClient;

  constructor(client: ApiClient) {
    this.#client = client;
  }

  async configMap(namespace: string, name: string): Promise<ConfigMap | undefined> {
    return this.#get<ConfigMap>(CONFIG_MAPS, namespace, name);
  }

  async secret(namespace: string, name: string): Promise<Secret | undefined> {
    return this.#get<Secret>(SECRETS, namespace, name);
  }

  async #get<T extends ConfigMap | Secret>(resource: typeof CONFIG_MAPS, namespace: string, name: string): Promise<T | undefined> {
    try {
      return await this.#client.get<T>(resource, namespace, name);
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }
}
