import type { ResourceInfo } from '../../api/resources.js';
import { RESOURCES, apiVersionOf, servedGroupVersions } from '../../api/resources.js';

/** `/api`: the core group's versions. */
export function coreVersions(serverAddress: string): unknown {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  };
}

function named(group: string): { group: string; versions: string[] }[] {
  return servedGroupVersions().filter((entry) => entry.group !== '' && (group === '' || entry.group === group));
}

function groupEntry(entry: { group: string; versions: string[] }): unknown {
  const versions = entry.versions.map((version) => ({ groupVersion: `${entry.group}/${version}`, version }));
  return { name: entry.group, versions, preferredVersion: versions[0] };
}

/** `/apis`: every named group. */
export function groupList(): unknown {
  return { kind: 'APIGroupList', apiVersion: 'v1', groups: named('').map(groupEntry) };
}

/** `/apis/GROUP`, or undefined if the group is not served. */
export function apiGroup(group: string): unknown {
  const [entry] = named(group);
  return entry === undefined ? undefined : { kind: 'APIGroup', apiVersion: 'v1', ...(groupEntry(entry) as object) };
}

const SUBRESOURCE_VERBS: Record<string, string[]> = {
  status: ['get', 'patch', 'update'],
  scale: ['get', 'patch', 'update'],
  binding: ['create'],
  eviction: ['create'],
  finalize: ['update'],
  log: ['get'],
  exec: ['create', 'get'],
  attach: ['create', 'get'],
  portforward: ['create', 'get'],
  token: ['create'],
};

const SUBRESOURCE_KINDS: Record<string, { group: string; version: string; kind: string } | undefined> = {
  scale: { group: 'autoscaling', version: 'v1', kind: 'Scale' },
  binding: { group: '', version: 'v1', kind: 'Binding' },
  eviction: { group: 'policy', version: 'v1', kind: 'Eviction' },
  log: { group: '', version: 'v1', kind: 'Pod' },
  exec: { group: '', version: 'v1', kind: 'PodExecOptions' },
  attach: { group: '', version: 'v1', kind: 'PodAttachOptions' },
  portforward: { group: '', version: 'v1', kind: 'PodPortForwardOptions' },
  token: { group: 'authentication.k8s.io', version: 'v1', kind: 'TokenRequest' },
};

function resourcesOf(group: string, version: string): ResourceInfo[] {
  return RESOURCES.filter((info) => info.group === group && info.version === version);
}

/** `/api/v1`, `/apis/GROUP/VERSION`: the legacy resource list, or undefined. */
export function resourceList(group: string, version: string): unknown {
  const resources = resourcesOf(group, version);
  if (resources.length === 0) return undefined;
  const list: unknown[] = [];
  for (const info of resources) {
    list.push({
      name: info.resource,
      singularName: info.singular,
      namespaced: info.namespaced,
      kind: info.kind,
      verbs: info.verbs,
      ...(info.shortNames.length > 0 ? { shortNames: info.shortNames } : {}),
      ...(info.categories.length > 0 ? { categories: info.categories } : {}),
      ...(info.stored ? { storageVersionHash: hashOf(`${apiVersionOf(info)}/${info.kind}`) } : {}),
    });
    for (const sub of info.subresources) {
      const kind = SUBRESOURCE_KINDS[sub] ?? { group, version, kind: info.kind };
      list.push({
        name: `${info.resource}/${sub}`,
        singularName: '',
        namespaced: info.namespaced,
        ...(kind.group !== group || kind.version !== version ? { group: kind.group, version: kind.version } : {}),
        kind: kind.kind,
        verbs: SUBRESOURCE_VERBS[sub] ?? ['get'],
      });
    }
  }
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: apiVersionOf({ group, version }), resources: list };
}

/** The media type of aggregated discovery v2 (`kubectl` asks for it first). */
export const AGGREGATED_DISCOVERY_TYPE = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';

/** Aggregated discovery for `/api` (core) or `/apis` (named groups). */
export function aggregatedDiscovery(core: boolean): unknown {
  const groups = servedGroupVersions().filter((entry) => (entry.group === '') === core);
  return {
    kind: 'APIGroupDiscoveryList',
    apiVersion: 'apidiscovery.k8s.io/v2',
    metadata: {},
    items: groups.map((entry) => ({
      metadata: { name: entry.group, creationTimestamp: null },
      versions: entry.versions.map((version) => ({
        version,
        freshness: 'Current',
        resources: resourcesOf(entry.group, version).map((info) => ({
          resource: info.resource,
          responseKind: { group: info.group, version: info.version, kind: info.kind },
          scope: info.namespaced ? 'Namespaced' : 'Cluster',
          singularResource: info.singular,
          verbs: info.verbs,
          ...(info.shortNames.length > 0 ? { shortNames: info.shortNames } : {}),
          ...(info.categories.length > 0 ? { categories: info.categories } : {}),
          ...(info.subresources.length > 0
            ? {
                subresources: info.subresources.map((sub) => ({
                  subresource: sub,
                  responseKind: SUBRESOURCE_KINDS[sub] ?? { group: info.group, version: info.version, kind: info.kind },
                  verbs: SUBRESOURCE_VERBS[sub] ?? ['get'],
                })),
              }
            : {}),
        })),
      })),
    })),
  };
}

/** Whether an Accept header asks for aggregated discovery v2. */
export function wantsAggregatedDiscovery(accept: string | undefined): boolean {
  return accept !== undefined && /as=APIGroupDiscoveryList/.test(accept) && /v=v2(?!beta)/.test(accept);
}

function hashOf(text: string): string {
  let hash = 0;
  for (const char of text) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return Buffer.from(hash.toString(16).padStart(8, '0')).toString('base64').slice(0, 11);
}
