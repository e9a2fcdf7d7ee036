import type { ConfigMap, Node, Pod, Secret } from '../../api/kinds.js';
import { resourceOf, type ApiClient } from '../../client/api-client.js';
import { isNotFound } from '../../client/api-status-error.js';
import type { FileProjection } from './atomic-writer.js';
import { downwardApiPayload, type DownwardApiItem } from './downward-api-payload.js';
import { configMapData, keyedPayload, secretData, type KeyToPath } from './keyed-payload.js';
import type { TokenManager } from './token-manager.js';

export type Volume = NonNullable<NonNullable<Pod['spec']>['volumes']>[number];
type Projection = NonNullable<NonNullable<Volume['projected']>['sources']>[number];

const CONFIG_MAPS = resourceOf('v1', 'ConfigMap');
const SECRETS = resourceOf('v1', 'Secret');
const NODES = resourceOf('v1', 'Node');
/** Upstream's default mode for configMap, secret, downwardAPI and projected files. */
export const DEFAULT_MODE = 0o644;
const DEFAULT_TOKEN_EXPIRATION_SECONDS = 3600;

interface KeyedSource {
  readonly name?: string;
  readonly items?: readonly KeyToPath[];
  readonly optional?: boolean;
}

/**
 * The files of a pod's configMap, secret, downwardAPI and projected volumes, read from
 * the API on each call so that a changed object changes the files.
 */
export class VolumeContents {
  readonly #client: ApiClient;
  readonly #tokens: TokenManager;
  readonly #nodeName: string;

  constructor(options: { client: ApiClient; tokens: TokenManager; nodeName: string }) {
    this.#client = options.client;
    this.#tokens = options.tokens;
    this.#nodeName = options.nodeName;
  }

  async configMap(pod: Pod, source: KeyedSource, defaultMode: number): Promise<Map<string, FileProjection>> {
    const object = await this.#get<ConfigMap>(CONFIG_MAPS, pod, source, 'configmap');
    return keyedPayload({
      data: object === undefined ? new Map() : configMapData(object),
      items: source.items,
      defaultMode,
      optional: source.optional === true,
      missingKey: (key) => `configmap references non-existent config key: ${key}`,
    });
  }

  async secret(pod: Pod, source: KeyedSource, defaultMode: number): Promise<Map<string, FileProjection>> {
    const object = await this.#get<Secret>(SECRETS, pod, source, 'secret');
    return keyedPayload({
      data: object === undefined ? new Map() : secretData(object),
      items: source.items,
      defaultMode,
      optional: source.optional === true,
      missingKey: (key) => `references non-existent secret key: ${key}`,
    });
  }

  async downwardApi(pod: Pod, items: readonly DownwardApiItem[], defaultMode: number): Promise<Map<string, FileProjection>> {
    return await downwardApiPayload({ pod, items, defaultMode, allocatable: () => this.#allocatable() });
  }

  async projected(pod: Pod, sources: readonly Projection[], defaultMode: number): Promise<Map<string, FileProjection>> {
    const payload = new Map<string, FileProjection>();
    for (const source of sources) {
      let files: Map<string, FileProjection>;
      if (source.configMap !== undefined) files = await this.configMap(pod, source.configMap, defaultMode);
      else if (source.secret !== undefined) files = await this.secret(pod, source.secret, defaultMode);
      else if (source.downwardAPI !== undefined) files = await this.downwardApi(pod, source.downwardAPI.items ?? [], defaultMode);
      else if (source.serviceAccountToken !== undefined) files = await this.#token(pod, source.serviceAccountToken, defaultMode);
      else throw new Error('projected volume source not supported on this node (only configMap, secret, downwardAPI and serviceAccountToken)');
      for (const [path, file] of files) payload.set(path, file);
    }
    return payload;
  }

  async #token(pod: Pod, source: NonNullable<Projection['serviceAccountToken']>, mode: number): Promise<Map<string, FileProjection>> {
    const serviceAccount = pod.spec?.serviceAccountName ?? pod.spec?.serviceAccount ?? 'default';
    const token = await this.#tokens.token({
      namespace: pod.metadata.namespace ?? 'default',
      serviceAccount: serviceAccount === '' ? 'default' : serviceAccount,
      audiences: source.audience === undefined || source.audience === '' ? [] : [source.audience],
      expirationSeconds: source.expirationSeconds ?? DEFAULT_TOKEN_EXPIRATION_SECONDS,
      pod: { name: pod.metadata.name ?? '', uid: pod.metadata.uid ?? '' },
    });
    return new Map([[source.path, { data: Buffer.from(token), mode }]]);
  }

  async #get<T extends ConfigMap | Secret>(
    resource: typeof CONFIG_MAPS,
    pod: Pod,
    source: KeyedSource,
    what: 'configmap' | 'secret',
  ): Promise<T | undefined> {
    const name = source.name ?? '';
    try {
      return await this.#client.get<T>(resource, pod.metadata.namespace, name);
    } catch (error) {
      if (!isNotFound(error)) throw error;
      if (source.optional === true) return undefined;
      throw new Error(`${what} "${name}" not found`, { cause: error });
    }
  }

  async #allocatable(): Promise<Readonly<Record<string, string>>> {
    const node = await this.#client.get<Node>(NODES, undefined, this.#nodeName);
    return Object.fromEntries(Object.entries(node.status?.allocatable ?? {}).map(([key, value]) => [key, String(value)]));
  }
}
