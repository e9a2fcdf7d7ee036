/** What the API serves about one resource (one kind in one group-version). */
export interface ResourceInfo {
  /** API group; '' for the core group. */
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  /** The plural, lower-case name used in URLs, e.g. `deployments`. */
  readonly resource: string;
  readonly singular: string;
  readonly namespaced: boolean;
  readonly shortNames: readonly string[];
  readonly verbs: readonly string[];
  readonly categories: readonly string[];
  /** Subresources served, e.g. `status`, `scale`. */
  readonly subresources: readonly string[];
  /**
   * Whether objects are kept in storage. The metrics API's are not: they are read from
   * the agents on each request, have no OpenAPI schemas and are never watched.
   */
  readonly stored: boolean;
}

const ALL_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'] as const;

interface Entry {
  readonly kind: string;
  readonly resource?: string;
  readonly namespaced?: boolean;
  readonly shortNames?: readonly string[];
  readonly categories?: readonly string[];
  readonly subresources?: readonly string[];
  readonly verbs?: readonly string[];
  readonly stored?: false;
}

function groupVersion(group: string, version: string, entries: readonly Entry[]): ResourceInfo[] {
  return entries.map((entry) => {
    const resource = entry.resource ?? pluralOf(entry.kind);
    return {
      group,
      version,
      kind: entry.kind,
      resource,
      singular: entry.kind.toLowerCase(),
      namespaced: entry.namespaced ?? true,
      shortNames: entry.shortNames ?? [],
      verbs: entry.verbs ?? ALL_VERBS,
      categories: entry.categories ?? [],
      subresources: entry.subresources ?? [],
      stored: entry.stored ?? true,
    };
  });
}

/** English plural of a kind as Kubernetes names resources (`Ingress` -> `ingresses`). */
export function pluralOf(kind: string): string {
  const lower = kind.toLowerCase();
  if (/(s|x|z|ch|sh)$/.test(lower)) return `${lower}es`;
  if (/[^aeiou]y$/.test(lower)) return `${lower.slice(0, -1)}ies`;
  return `${lower}s`;
}

const ALL = ['all'];
const CLUSTER = { namespaced: false } as const;
/** Served from the agents' measurements on each request, as metrics-server serves them. */
const METRICS = { verbs: ['get', 'list'], stored: false } as const;

/** Every resource Tugboat serves. Order within a group-version is discovery order. */
export const RESOURCES: readonly ResourceInfo[] = [
  ...groupVersion('', 'v1', [
    { kind: 'Namespace', ...CLUSTER, shortNames: ['ns'], subresources: ['status', 'finalize'] },
    { kind: 'Pod', shortNames: ['po'], categories: ALL, subresources: ['status', 'binding', 'eviction', 'log', 'exec', 'attach', 'portforward'] },
    { kind: 'Service', shortNames: ['svc'], categories: ALL, subresources: ['status'] },
    { kind: 'Endpoints', resource: 'endpoints', shortNames: ['ep'] },
    { kind: 'ConfigMap', shortNames: ['cm'] },
    { kind: 'Secret' },
    { kind: 'Node', ...CLUSTER, shortNames: ['no'], subresources: ['status'] },
    { kind: 'Event', shortNames: ['ev'] },
    { kind: 'ServiceAccount', shortNames: ['sa'], subresources: ['token'] },
    { kind: 'PersistentVolume', ...CLUSTER, shortNames: ['pv'], subresources: ['status'] },
    { kind: 'PersistentVolumeClaim', shortNames: ['pvc'], subresources: ['status'] },
    { kind: 'ResourceQuota', shortNames: ['quota'], subresources: ['status'] },
    { kind: 'LimitRange', shortNames: ['limits'] },
  ]),
  ...groupVersion('apps', 'v1', [
    { kind: 'Deployment', shortNames: ['deploy'], categories: ALL, subresources: ['status', 'scale'] },
    { kind: 'ReplicaSet', shortNames: ['rs'], categories: ALL, subresources: ['status', 'scale'] },
    { kind: 'StatefulSet', shortNames: ['sts'], categories: ALL, subresources: ['status', 'scale'] },
    { kind: 'DaemonSet', shortNames: ['ds'], categories: ALL, subresources: ['status'] },
    { kind: 'ControllerRevision' },
  ]),
  ...groupVersion('batch', 'v1', [
    { kind: 'Job', categories: ALL, subresources: ['status'] },
    { kind: 'CronJob', shortNames: ['cj'], categories: ALL, subresources: ['status'] },
  ]),
  ...groupVersion('coordination.k8s.io', 'v1', [{ kind: 'Lease' }]),
  ...groupVersion('discovery.k8s.io', 'v1', [{ kind: 'EndpointSlice' }]),
  ...groupVersion('events.k8s.io', 'v1', [{ kind: 'Event', shortNames: ['ev'] }]),
  ...groupVersion('networking.k8s.io', 'v1', [
    { kind: 'Ingress', shortNames: ['ing'], subresources: ['status'] },
    { kind: 'IngressClass', ...CLUSTER },
    { kind: 'NetworkPolicy', shortNames: ['netpol'] },
  ]),
  ...groupVersion('autoscaling', 'v2', [
    { kind: 'HorizontalPodAutoscaler', shortNames: ['hpa'], categories: ALL, subresources: ['status'] },
  ]),
  ...groupVersion('autoscaling', 'v1', [
    { kind: 'HorizontalPodAutoscaler', shortNames: ['hpa'], categories: ALL, subresources: ['status'] },
  ]),
  ...groupVersion('policy', 'v1', [{ kind: 'PodDisruptionBudget', shortNames: ['pdb'], subresources: ['status'] }]),
  ...groupVersion('storage.k8s.io', 'v1', [{ kind: 'StorageClass', ...CLUSTER, shortNames: ['sc'] }]),
  ...groupVersion('rbac.authorization.k8s.io', 'v1', [
    { kind: 'Role' },
    { kind: 'RoleBinding' },
    { kind: 'ClusterRole', ...CLUSTER },
    { kind: 'ClusterRoleBinding', ...CLUSTER },
  ]),
  ...groupVersion('metrics.k8s.io', 'v1beta1', [
    { kind: 'NodeMetrics', resource: 'nodes', ...CLUSTER, ...METRICS },
    { kind: 'PodMetrics', resource: 'pods', ...METRICS },
  ]),
];

/** `group/version`, or just `version` for the core group (as in apiVersion fields). */
export function apiVersionOf(info: Pick<ResourceInfo, 'group' | 'version'>): string {
  return info.group === '' ? info.version : `${info.group}/${info.version}`;
}

/** The group-versions served, each group's preferred (first listed) version first. */
export function servedGroupVersions(): { group: string; versions: string[] }[] {
  const groups = new Map<string, string[]>();
  for (const info of RESOURCES) {
    const versions = groups.get(info.group) ?? [];
    if (!versions.includes(info.version)) versions.push(info.version);
    groups.set(info.group, versions);
  }
  return [...groups].map(([group, versions]) => ({ group, versions }));
}

/** The resource with this group, version and plural name, if served. */
export function findResource(group: string, version: string, resource: string): ResourceInfo | undefined {
  return RESOURCES.find((info) => info.group === group && info.version === version && info.resource === resource);
}

/** The resource of a kind in a group-version (`apps/v1`, `Deployment`), if served. */
export function findKind(apiVersion: string, kind: string): ResourceInfo | undefined {
  return RESOURCES.find((info) => apiVersionOf(info) === apiVersion && info.kind === kind);
}
