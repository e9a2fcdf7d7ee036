/**
 * The schema extensions that `kubernetes-models` strips and that clients need:
 * strategic-merge-patch directives (`x-kubernetes-patch-strategy`,
 * `x-kubernetes-patch-merge-key`) and the server-side-apply topology
 * (`x-kubernetes-list-type`, `x-kubernetes-list-map-keys`, `x-kubernetes-map-type`).
 *
 * Transcribed from the Go struct tags and `+listType`/`+listMapKey`/`+mapType`/
 * `+structType` markers of k8s.io/api and k8s.io/apimachinery v0.32 (Kubernetes 1.32),
 * for the types reachable from the kinds Tugboat serves. A list field with no entry
 * here is atomic for server-side apply and replaced whole by a strategic merge
 * patch, exactly as upstream treats a list without markers.
 *
 * Keys are OpenAPI schema names (`io.k8s.api.core.v1.PodSpec`), then JSON property
 * names. `scripts/generate-openapi.ts` copies these onto the generated schemas and
 * fails when an entry names a property its schema does not have.
 */

/** Patch and apply metadata of one property. */
export interface PatchMeta {
  /** `x-kubernetes-patch-strategy`: `merge`, `retainKeys`, `merge,retainKeys` or `replace`. */
  readonly strategy?: string;
  /** `x-kubernetes-patch-merge-key`: the field that identifies an element of a merged list. */
  readonly mergeKey?: string;
  /** `x-kubernetes-list-type`. */
  readonly listType?: 'atomic' | 'set' | 'map';
  /** `x-kubernetes-list-map-keys`, for `listType: map`. */
  readonly listMapKeys?: readonly string[];
  /** `x-kubernetes-map-type`, for map-valued properties. */
  readonly mapType?: 'atomic' | 'granular';
}

const ATOMIC: PatchMeta = { listType: 'atomic' };
const ATOMIC_MAP: PatchMeta = { mapType: 'atomic' };
/** A set of scalars merged by value (strategic merge) and owned per element (apply). */
const MERGED_SET: PatchMeta = { strategy: 'merge', listType: 'set' };
const SET: PatchMeta = { listType: 'set' };

/** A list merged by `key` in strategic merge patch and a list-map keyed by `key` (plus `more`) in apply. */
function mergeBy(key: string, ...more: string[]): PatchMeta {
  return { strategy: 'merge', mergeKey: key, listType: 'map', listMapKeys: [key, ...more] };
}
const BY_NAME = mergeBy('name');
const BY_TYPE = mergeBy('type');
const CONDITIONS = { conditions: BY_TYPE };

/** Container and EphemeralContainer (whose common fields upstream inlines) share these. */
const CONTAINER: Readonly<Record<string, PatchMeta>> = {
  args: ATOMIC,
  command: ATOMIC,
  env: BY_NAME,
  envFrom: ATOMIC,
  ports: mergeBy('containerPort', 'protocol'),
  resizePolicy: ATOMIC,
  volumeDevices: mergeBy('devicePath'),
  volumeMounts: mergeBy('mountPath'),
};

const CORE: Readonly<Record<string, Readonly<Record<string, PatchMeta>>>> = {
  Capabilities: { add: ATOMIC, drop: ATOMIC },
  CephFSPersistentVolumeSource: { monitors: ATOMIC },
  CephFSVolumeSource: { monitors: ATOMIC },
  ConfigMapProjection: { items: ATOMIC },
  ConfigMapVolumeSource: { items: ATOMIC },
  Container: CONTAINER,
  ContainerImage: { names: ATOMIC },
  ContainerStatus: { allocatedResourcesStatus: BY_NAME, volumeMounts: mergeBy('mountPath') },
  DownwardAPIProjection: { items: ATOMIC },
  DownwardAPIVolumeSource: { items: ATOMIC },
  EndpointSubset: { addresses: ATOMIC, notReadyAddresses: ATOMIC, ports: ATOMIC },
  Endpoints: { subsets: ATOMIC },
  EphemeralContainer: CONTAINER,
  ExecAction: { command: ATOMIC },
  FCVolumeSource: { targetWWNs: ATOMIC, wwids: ATOMIC },
  HTTPGetAction: { httpHeaders: ATOMIC },
  HostAlias: { hostnames: ATOMIC },
  ISCSIPersistentVolumeSource: { portals: ATOMIC },
  ISCSIVolumeSource: { portals: ATOMIC },
  LimitRangeSpec: { limits: ATOMIC },
  LinuxContainerUser: { supplementalGroups: ATOMIC },
  LoadBalancerIngress: { ports: ATOMIC },
  LoadBalancerStatus: { ingress: ATOMIC },
  NamespaceSpec: { finalizers: ATOMIC },
  NamespaceStatus: CONDITIONS,
  NodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: ATOMIC },
  NodeSelector: { nodeSelectorTerms: ATOMIC },
  NodeSelectorRequirement: { values: ATOMIC },
  NodeSelectorTerm: { matchExpressions: ATOMIC, matchFields: ATOMIC },
  NodeSpec: { podCIDRs: MERGED_SET, taints: ATOMIC },
  NodeStatus: {
    addresses: BY_TYPE,
    conditions: BY_TYPE,
    images: ATOMIC,
    runtimeHandlers: ATOMIC,
    volumesAttached: ATOMIC,
    volumesInUse: ATOMIC,
  },
  PersistentVolumeClaimSpec: { accessModes: ATOMIC },
  PersistentVolumeClaimStatus: {
    accessModes: ATOMIC,
    allocatedResourceStatuses: { mapType: 'granular' },
    conditions: BY_TYPE,
  },
  PersistentVolumeSpec: { accessModes: ATOMIC, mountOptions: ATOMIC },
  PodAffinity: {
    preferredDuringSchedulingIgnoredDuringExecution: ATOMIC,
    requiredDuringSchedulingIgnoredDuringExecution: ATOMIC,
  },
  PodAffinityTerm: { matchLabelKeys: ATOMIC, mismatchLabelKeys: ATOMIC, namespaces: ATOMIC },
  PodAntiAffinity: {
    preferredDuringSchedulingIgnoredDuringExecution: ATOMIC,
    requiredDuringSchedulingIgnoredDuringExecution: ATOMIC,
  },
  PodDNSConfig: { nameservers: ATOMIC, options: ATOMIC, searches: ATOMIC },
  PodSecurityContext: { supplementalGroups: ATOMIC, sysctls: ATOMIC },
  PodSpec: {
    containers: BY_NAME,
    ephemeralContainers: BY_NAME,
    hostAliases: mergeBy('ip'),
    imagePullSecrets: BY_NAME,
    initContainers: BY_NAME,
    nodeSelector: ATOMIC_MAP,
    readinessGates: ATOMIC,
    resourceClaims: { ...BY_NAME, strategy: 'merge,retainKeys' },
    schedulingGates: BY_NAME,
    tolerations: ATOMIC,
    topologySpreadConstraints: mergeBy('topologyKey', 'whenUnsatisfiable'),
    volumes: { ...BY_NAME, strategy: 'merge,retainKeys' },
  },
  PodStatus: {
    conditions: BY_TYPE,
    containerStatuses: ATOMIC,
    ephemeralContainerStatuses: ATOMIC,
    hostIPs: { strategy: 'merge', mergeKey: 'ip', listType: 'atomic' },
    initContainerStatuses: ATOMIC,
    podIPs: mergeBy('ip'),
    resourceClaimStatuses: { ...BY_NAME, strategy: 'merge,retainKeys' },
  },
  ProjectedVolumeSource: { sources: ATOMIC },
  RBDPersistentVolumeSource: { monitors: ATOMIC },
  RBDVolumeSource: { monitors: ATOMIC },
  ResourceQuotaSpec: { scopes: ATOMIC },
  ResourceRequirements: { claims: { listType: 'map', listMapKeys: ['name'] } },
  ResourceStatus: { resources: { listType: 'map', listMapKeys: ['resourceID'] } },
  ScopeSelector: { matchExpressions: ATOMIC },
  ScopedResourceSelectorRequirement: { values: ATOMIC },
  SecretProjection: { items: ATOMIC },
  SecretVolumeSource: { items: ATOMIC },
  ServiceAccount: { imagePullSecrets: ATOMIC, secrets: BY_NAME },
  ServiceSpec: {
    clusterIPs: ATOMIC,
    externalIPs: ATOMIC,
    ipFamilies: ATOMIC,
    loadBalancerSourceRanges: ATOMIC,
    ports: mergeBy('port', 'protocol'),
    selector: ATOMIC_MAP,
  },
  ServiceStatus: CONDITIONS,
  TopologySelectorLabelRequirement: { values: ATOMIC },
  TopologySelectorTerm: { matchLabelExpressions: ATOMIC },
  TopologySpreadConstraint: { matchLabelKeys: ATOMIC },
};

const BY_PACKAGE: Readonly<Record<string, Readonly<Record<string, Readonly<Record<string, PatchMeta>>>>>> = {
  'io.k8s.api.core.v1': CORE,
  'io.k8s.api.apps.v1': {
    DaemonSetStatus: CONDITIONS,
    DeploymentSpec: { strategy: { strategy: 'retainKeys' } },
    DeploymentStatus: CONDITIONS,
    ReplicaSetStatus: CONDITIONS,
    StatefulSetSpec: { volumeClaimTemplates: ATOMIC },
    StatefulSetStatus: CONDITIONS,
  },
  'io.k8s.api.autoscaling.v2': {
    HPAScalingRules: { policies: ATOMIC },
    HorizontalPodAutoscalerSpec: { metrics: ATOMIC },
    HorizontalPodAutoscalerStatus: { conditions: BY_TYPE, currentMetrics: ATOMIC },
  },
  'io.k8s.api.batch.v1': {
    CronJobStatus: { active: ATOMIC },
    JobStatus: { conditions: { strategy: 'merge', mergeKey: 'type', listType: 'atomic' } },
    PodFailurePolicy: { rules: ATOMIC },
    PodFailurePolicyOnExitCodesRequirement: { values: SET },
    PodFailurePolicyRule: { onPodConditions: ATOMIC },
    SuccessPolicy: { rules: ATOMIC },
    UncountedTerminatedPods: { failed: SET, succeeded: SET },
  },
  'io.k8s.api.discovery.v1': {
    Endpoint: { addresses: SET },
    EndpointHints: { forZones: ATOMIC },
    EndpointSlice: { endpoints: ATOMIC, ports: ATOMIC },
  },
  'io.k8s.api.networking.v1': {
    HTTPIngressRuleValue: { paths: ATOMIC },
    IPBlock: { except: ATOMIC },
    IngressLoadBalancerIngress: { ports: ATOMIC },
    IngressLoadBalancerStatus: { ingress: ATOMIC },
    IngressSpec: { rules: ATOMIC, tls: ATOMIC },
    IngressTLS: { hosts: ATOMIC },
    NetworkPolicyEgressRule: { ports: ATOMIC, to: ATOMIC },
    NetworkPolicyIngressRule: { from: ATOMIC, ports: ATOMIC },
    NetworkPolicySpec: { egress: ATOMIC, ingress: ATOMIC, policyTypes: ATOMIC },
  },
  'io.k8s.api.policy.v1': {
    PodDisruptionBudgetSpec: { selector: { strategy: 'replace' } },
    PodDisruptionBudgetStatus: CONDITIONS,
  },
  'io.k8s.api.rbac.v1': {
    AggregationRule: { clusterRoleSelectors: ATOMIC },
    ClusterRole: { rules: ATOMIC },
    ClusterRoleBinding: { subjects: ATOMIC },
    PolicyRule: { apiGroups: ATOMIC, nonResourceURLs: ATOMIC, resourceNames: ATOMIC, resources: ATOMIC, verbs: ATOMIC },
    Role: { rules: ATOMIC },
    RoleBinding: { subjects: ATOMIC },
  },
  'io.k8s.api.storage.v1': {
    StorageClass: { allowedTopologies: ATOMIC, mountOptions: ATOMIC },
  },
  'io.k8s.apimachinery.pkg.apis.meta.v1': {
    DeleteOptions: { dryRun: ATOMIC },
    LabelSelector: { matchExpressions: ATOMIC },
    LabelSelectorRequirement: { values: ATOMIC },
    ObjectMeta: { finalizers: MERGED_SET, managedFields: ATOMIC, ownerReferences: mergeBy('uid') },
    StatusDetails: { causes: ATOMIC },
  },
};

/** Structs that apply treats as one value (`+structType=atomic`, emitted as `x-kubernetes-map-type: atomic`). */
const ATOMIC_STRUCTS: ReadonlySet<string> = new Set([
  'io.k8s.api.autoscaling.v1.CrossVersionObjectReference',
  'io.k8s.api.core.v1.ConfigMapKeySelector',
  'io.k8s.api.core.v1.EndpointAddress',
  'io.k8s.api.core.v1.EndpointPort',
  'io.k8s.api.core.v1.LocalObjectReference',
  'io.k8s.api.core.v1.NodeSelector',
  'io.k8s.api.core.v1.NodeSelectorTerm',
  'io.k8s.api.core.v1.ObjectFieldSelector',
  'io.k8s.api.core.v1.ObjectReference',
  'io.k8s.api.core.v1.ResourceFieldSelector',
  'io.k8s.api.core.v1.ScopeSelector',
  'io.k8s.api.core.v1.SecretKeySelector',
  'io.k8s.api.core.v1.SecretReference',
  'io.k8s.api.core.v1.TopologySelectorTerm',
  'io.k8s.api.core.v1.TypedLocalObjectReference',
  'io.k8s.api.discovery.v1.EndpointPort',
  'io.k8s.api.networking.v1.ServiceBackendPort',
  'io.k8s.api.rbac.v1.RoleRef',
  'io.k8s.api.rbac.v1.Subject',
  'io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector',
  'io.k8s.apimachinery.pkg.apis.meta.v1.OwnerReference',
]);

function splitSchemaName(schemaName: string): [pkg: string, type: string] {
  const dot = schemaName.lastIndexOf('.');
  return [schemaName.slice(0, dot), schemaName.slice(dot + 1)];
}

/**
 * The patch and apply metadata of `property` in the schema `schemaName`
 * (e.g. `('io.k8s.api.core.v1.PodSpec', 'containers')` -> merge by `name`), or
 * undefined when upstream declares none (an atomic list, a plain field).
 */
export function patchMetaOf(schemaName: string, property: string): PatchMeta | undefined {
  const [pkg, type] = splitSchemaName(schemaName);
  const fields = BY_PACKAGE[pkg]?.[type];
  return fields !== undefined && Object.hasOwn(fields, property) ? fields[property] : undefined;
}

/** `atomic` when apply treats the whole struct `schemaName` as one value, else undefined. */
export function structMapTypeOf(schemaName: string): 'atomic' | undefined {
  return ATOMIC_STRUCTS.has(schemaName) ? 'atomic' : undefined;
}

/** Every (schema, property) pair with metadata, for checks that the table matches the schemas. */
export function allPatchMeta(): { schemaName: string; property: string; meta: PatchMeta }[] {
  return Object.entries(BY_PACKAGE).flatMap(([pkg, types]) =>
    Object.entries(types).flatMap(([type, fields]) =>
      Object.entries(fields).map(([property, meta]) => ({ schemaName: `${pkg}.${type}`, property, meta })),
    ),
  );
}

/** Every struct name that apply treats as atomic. */
export function atomicStructs(): readonly string[] {
  return [...ATOMIC_STRUCTS];
}
