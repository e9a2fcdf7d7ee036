import { isPlainObject } from '../../../api/object.js';
import { type Json, ensureObject, isUnset, objectAt, objectsAt, setDefault, setDefaultIfZero } from './json.js';
import { canonicalQuantity, canonicalizeQuantities } from './quantities.js';

const CONTAINER_LISTS = ['initContainers', 'containers', 'ephemeralContainers'];
const DEFAULT_MODE = 0o644;
const VOLUME_SOURCE_KEYS = [
  'hostPath', 'emptyDir', 'gcePersistentDisk', 'awsElasticBlockStore', 'gitRepo', 'secret', 'nfs', 'iscsi', 'glusterfs',
  'persistentVolumeClaim', 'rbd', 'flexVolume', 'cinder', 'cephfs', 'flocker', 'downwardAPI', 'fc', 'azureFile', 'configMap',
  'vsphereVolume', 'quobyte', 'azureDisk', 'photonPersistentDisk', 'projected', 'portworxVolume', 'scaleIO', 'storageos',
  'csi', 'ephemeral', 'image',
];

/** Upstream's rule: `:latest` or no tag (and no digest) pulls Always, anything else IfNotPresent. */
export function defaultPullPolicy(image: string): 'Always' | 'IfNotPresent' {
  if (image === '' || image.includes('@')) return 'IfNotPresent';
  const lastPart = image.slice(image.lastIndexOf('/') + 1);
  const colon = lastPart.lastIndexOf(':');
  const tag = colon < 0 ? 'latest' : lastPart.slice(colon + 1);
  return tag === 'latest' ? 'Always' : 'IfNotPresent';
}

function applyHandlerDefaults(handler: Json): void {
  const httpGet = objectAt(handler, 'httpGet');
  if (httpGet !== undefined) {
    if (isUnset(httpGet['path']) || httpGet['path'] === '') httpGet['path'] = '/';
    if (isUnset(httpGet['scheme']) || httpGet['scheme'] === '') httpGet['scheme'] = 'HTTP';
  }
  const grpc = objectAt(handler, 'grpc');
  if (grpc !== undefined) setDefault(grpc, 'service', '');
}

function applyProbeDefaults(probe: Json | undefined): void {
  if (probe === undefined) return;
  applyHandlerDefaults(probe);
  setDefaultIfZero(probe, 'timeoutSeconds', 1);
  setDefaultIfZero(probe, 'periodSeconds', 10);
  setDefaultIfZero(probe, 'successThreshold', 1);
  setDefaultIfZero(probe, 'failureThreshold', 3);
}

function applyFieldRefDefaults(source: Json | undefined): void {
  const fieldRef = source === undefined ? undefined : objectAt(source, 'fieldRef');
  if (fieldRef !== undefined) setDefault(fieldRef, 'apiVersion', 'v1');
}

/** Upstream's SetDefaults_Container and the defaults of what a container holds. */
export function applyContainerDefaults(container: Json): void {
  if (isUnset(container['imagePullPolicy']) || container['imagePullPolicy'] === '') {
    container['imagePullPolicy'] = defaultPullPolicy(typeof container['image'] === 'string' ? container['image'] : '');
  }
  setDefault(container, 'terminationMessagePath', '/dev/termination-log');
  setDefault(container, 'terminationMessagePolicy', 'File');
  for (const port of objectsAt(container, 'ports')) setDefault(port, 'protocol', 'TCP');
  for (const variable of objectsAt(container, 'env')) applyFieldRefDefaults(objectAt(variable, 'valueFrom'));
  for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe']) applyProbeDefaults(objectAt(container, probe));
  const lifecycle = objectAt(container, 'lifecycle');
  for (const hook of ['postStart', 'preStop']) {
    const handler = lifecycle === undefined ? undefined : objectAt(lifecycle, hook);
    if (handler !== undefined) applyHandlerDefaults(handler);
  }
  const resources = ensureObject(container, 'resources');
  if (resources !== undefined) {
    canonicalizeQuantities(resources['limits']);
    canonicalizeQuantities(resources['requests']);
  }
}

function applyItemsDefaults(source: Json): void {
  for (const item of objectsAt(source, 'items')) applyFieldRefDefaults(item);
}

/** Upstream's SetDefaults_Volume and the volume source defaults. */
function applyVolumeDefaults(volume: Json): void {
  if (VOLUME_SOURCE_KEYS.every((key) => isUnset(volume[key]))) volume['emptyDir'] = {};
  for (const key of ['secret', 'configMap', 'downwardAPI', 'projected']) {
    const source = objectAt(volume, key);
    if (source !== undefined) setDefault(source, 'defaultMode', DEFAULT_MODE);
  }
  const downward = objectAt(volume, 'downwardAPI');
  if (downward !== undefined) applyItemsDefaults(downward);
  for (const projection of objectsAt(objectAt(volume, 'projected') ?? {}, 'sources')) {
    const token = objectAt(projection, 'serviceAccountToken');
    if (token !== undefined) setDefault(token, 'expirationSeconds', 3600);
    const downwardSource = objectAt(projection, 'downwardAPI');
    if (downwardSource !== undefined) applyItemsDefaults(downwardSource);
  }
  const hostPath = objectAt(volume, 'hostPath');
  if (hostPath !== undefined) setDefault(hostPath, 'type', '');
  const emptyDir = objectAt(volume, 'emptyDir');
  if (emptyDir !== undefined && !isUnset(emptyDir['sizeLimit'])) canonicalizeQuantities(emptyDir);
  const claimSpec = objectAt(objectAt(objectAt(volume, 'ephemeral') ?? {}, 'volumeClaimTemplate') ?? {}, 'spec');
  if (claimSpec !== undefined) applyClaimSpecDefaults(claimSpec);
}

/** Upstream's SetDefaults_PersistentVolumeClaimSpec. */
export function applyClaimSpecDefaults(spec: Json): void {
  setDefault(spec, 'volumeMode', 'Filesystem');
  const resources = objectAt(spec, 'resources');
  if (resources !== undefined) {
    canonicalizeQuantities(resources['requests']);
    canonicalizeQuantities(resources['limits']);
  }
}

/** Upstream's SetDefaults_PodSpec (and its recursion into containers and volumes), for pods and templates. */
export function applyPodSpecDefaults(spec: Json): void {
  setDefault(spec, 'dnsPolicy', 'ClusterFirst');
  setDefault(spec, 'restartPolicy', 'Always');
  setDefault(spec, 'terminationGracePeriodSeconds', 30);
  setDefault(spec, 'securityContext', {});
  setDefault(spec, 'schedulerName', 'default-scheduler');
  const accountName = spec['serviceAccountName'];
  const account = spec['serviceAccount'];
  if ((isUnset(accountName) || accountName === '') && typeof account === 'string' && account !== '') spec['serviceAccountName'] = account;
  if (typeof spec['serviceAccountName'] === 'string' && spec['serviceAccountName'] !== '') spec['serviceAccount'] = spec['serviceAccountName'];
  for (const list of CONTAINER_LISTS) for (const container of objectsAt(spec, list)) applyContainerDefaults(container);
  for (const volume of objectsAt(spec, 'volumes')) applyVolumeDefaults(volume);
  if (isPlainObject(spec['overhead'])) canonicalizeQuantities(spec['overhead']);
}

/** Upstream's SetDefaults_Pod: what only pods (not templates) get. */
export function applyPodDefaults(spec: Json): void {
  applyPodSpecDefaults(spec);
  for (const list of ['containers', 'initContainers']) {
    for (const container of objectsAt(spec, list)) {
      const resources = objectAt(container, 'resources');
      const limits = resources === undefined ? undefined : objectAt(resources, 'limits');
      if (resources === undefined || limits === undefined) continue;
      const requests = ensureObject(resources, 'requests');
      if (requests !== undefined) for (const [name, value] of Object.entries(limits)) if (canonicalQuantity(value) !== undefined) setDefault(requests, name, value);
    }
  }
  setDefault(spec, 'enableServiceLinks', true);
  if (spec['hostNetwork'] === true) {
    for (const list of ['containers', 'initContainers']) {
      for (const container of objectsAt(spec, list)) {
        for (const port of objectsAt(container, 'ports')) if (isUnset(port['hostPort']) || port['hostPort'] === 0) port['hostPort'] = port['containerPort'];
      }
    }
  }
}

/** The template of a workload, with Go's zero-value structs made present so they get defaults. */
export function applyTemplateDefaults(holder: Json): void {
  const template = ensureObject(holder, 'template');
  const spec = template === undefined ? undefined : ensureObject(template, 'spec');
  if (spec !== undefined) applyPodSpecDefaults(spec);
}
