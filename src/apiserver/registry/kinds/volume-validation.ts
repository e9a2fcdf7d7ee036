import { validateDns1123Label } from '../../../api/names.js';
import { checkFieldSelector, checkResourceFieldSelector } from './env-validation.js';
import { checkFileMode, checkLocalNonReservedPath, checkNoBacksteps } from './local-paths.js';
import type { ObjectReader } from './object-reader.js';
import { checkClaimSpec } from './pvc-spec-validation.js';
import { readQuantity } from './quantities.js';

/** Volume sources in the order upstream's validateVolumeSource checks them. */
const VOLUME_SOURCES = [
  'emptyDir', 'hostPath', 'gitRepo', 'gcePersistentDisk', 'awsElasticBlockStore', 'secret', 'nfs', 'iscsi', 'glusterfs',
  'flocker', 'persistentVolumeClaim', 'rbd', 'cinder', 'cephfs', 'quobyte', 'downwardAPI', 'fc', 'flexVolume', 'configMap',
  'azureFile', 'vsphereVolume', 'photonPersistentDisk', 'portworxVolume', 'azureDisk', 'storageos', 'projected', 'scaleIO',
  'csi', 'ephemeral', 'image',
];
const HOST_PATH_TYPES = ['', 'BlockDevice', 'CharDevice', 'Directory', 'DirectoryOrCreate', 'File', 'FileOrCreate', 'Socket'];
const DOWNWARD_VOLUME_FIELD_PATHS = ['metadata.annotations', 'metadata.labels', 'metadata.name', 'metadata.namespace', 'metadata.uid'];
const PROJECTION_SOURCES = ['secret', 'downwardAPI', 'configMap', 'serviceAccountToken', 'clusterTrustBundle'];

function checkItems(source: ObjectReader): void {
  for (const item of source.objects('items')) {
    const { problems } = item;
    if (item.string('key') === '') problems.required(item.at('key'));
    const target = item.string('path');
    if (target === '') problems.required(item.at('path'));
    checkLocalNonReservedPath(problems, item.at('path'), target);
    checkFileMode(problems, item.at('mode'), item.int('mode'));
  }
}

function checkDownwardItems(source: ObjectReader): void {
  for (const item of source.objects('items')) {
    const { problems } = item;
    const target = item.string('path');
    if (target === '') problems.required(item.at('path'));
    checkLocalNonReservedPath(problems, item.at('path'), target);
    checkFileMode(problems, item.at('mode'), item.int('mode'));
    const fieldRef = item.object('fieldRef');
    const resourceFieldRef = item.object('resourceFieldRef');
    if (fieldRef !== undefined) checkFieldSelector(fieldRef, DOWNWARD_VOLUME_FIELD_PATHS);
    if (resourceFieldRef !== undefined) checkResourceFieldSelector(resourceFieldRef, true);
    if (fieldRef !== undefined && resourceFieldRef !== undefined) {
      problems.invalid(item.path, 'resource', 'fieldRef and resourceFieldRef can not be specified simultaneously');
    }
  }
}

function checkProjected(source: ObjectReader): void {
  const { problems } = source;
  checkFileMode(problems, source.at('defaultMode'), source.int('defaultMode'));
  for (const projection of source.objects('sources')) {
    let count = 0;
    for (const kind of PROJECTION_SOURCES) {
      const item = projection.object(kind);
      if (item === undefined) continue;
      if (++count > 1) {
        problems.forbidden(item.path, 'may not specify more than 1 volume type per source');
        continue;
      }
      if (kind === 'secret' || kind === 'configMap') checkItems(item);
      if (kind === 'downwardAPI') checkDownwardItems(item);
      if (kind === 'serviceAccountToken') {
        const seconds = item.int('expirationSeconds');
        if (seconds !== undefined && seconds < 600) problems.invalid(item.at('expirationSeconds'), seconds, 'may not specify a duration less than 10 minutes');
        if (seconds !== undefined && seconds > 2 ** 32) problems.invalid(item.at('expirationSeconds'), seconds, 'may not specify a duration larger than 2^32 seconds');
        const target = item.string('path');
        if (target === '') problems.required(item.at('path'));
        else checkLocalNonReservedPath(problems, item.at('path'), target);
      }
    }
    if (count === 0) problems.required(projection.path, 'must specify exactly 1 volume type');
  }
}

/** The rules of one volume source kind that upstream checks and Tugboat can run. */
function checkSource(kind: string, source: ObjectReader): void {
  const { problems } = source;
  switch (kind) {
    case 'emptyDir': {
      const limit = source.raw('sizeLimit');
      const quantity = limit === undefined ? undefined : readQuantity(problems, source.at('sizeLimit'), limit);
      if (quantity !== undefined && quantity.sign() < 0) problems.forbidden(source.at('sizeLimit'), 'SizeLimit field must be a valid resource quantity');
      break;
    }
    case 'hostPath': {
      const target = source.string('path');
      if (target === '') problems.required(source.at('path'));
      else checkNoBacksteps(problems, source.at('path'), target);
      const type = source.string('type');
      if (!HOST_PATH_TYPES.includes(type)) problems.notSupported(source.at('type'), type, HOST_PATH_TYPES);
      break;
    }
    case 'secret':
    case 'configMap':
      if (source.string(kind === 'secret' ? 'secretName' : 'name') === '') problems.required(source.at(kind === 'secret' ? 'secretName' : 'name'));
      checkFileMode(problems, source.at('defaultMode'), source.int('defaultMode'));
      checkItems(source);
      break;
    case 'persistentVolumeClaim':
      if (source.string('claimName') === '') problems.required(source.at('claimName'));
      break;
    case 'nfs':
      if (source.string('server') === '') problems.required(source.at('server'));
      if (source.string('path') === '') problems.required(source.at('path'));
      else if (!source.string('path').startsWith('/')) problems.invalid(source.at('path'), source.string('path'), 'must be an absolute path');
      break;
    case 'downwardAPI':
      checkFileMode(problems, source.at('defaultMode'), source.int('defaultMode'));
      checkDownwardItems(source);
      break;
    case 'projected':
      checkProjected(source);
      break;
    case 'csi':
      if (source.string('driver') === '') problems.required(source.at('driver'));
      break;
    case 'ephemeral': {
      const template = source.object('volumeClaimTemplate');
      if (template === undefined) problems.required(source.at('volumeClaimTemplate'));
      else checkClaimSpec(template.struct('spec'));
      break;
    }
    case 'image': {
      if (source.string('reference') === '') problems.required(source.at('reference'));
      const policy = source.string('pullPolicy');
      if (!['', 'Always', 'IfNotPresent', 'Never'].includes(policy)) problems.notSupported(source.at('pullPolicy'), policy, ['Always', 'IfNotPresent', 'Never']);
      break;
    }
  }
}

/** Upstream's ValidateVolumes; returns the names of the valid volumes (what mounts may name). */
export function checkVolumes(spec: ObjectReader): Set<string> {
  const names = new Set<string>();
  const seen = new Set<string>();
  for (const volume of spec.objects('volumes')) {
    const { problems } = volume;
    const before = problems.count;
    let count = 0;
    for (const kind of VOLUME_SOURCES) {
      const source = volume.object(kind);
      if (source === undefined) continue;
      if (++count > 1) problems.forbidden(source.path, 'may not specify more than 1 volume type');
      else checkSource(kind, source);
    }
    if (count === 0) problems.required(volume.path, 'must specify a volume type');
    const name = volume.string('name');
    if (name === '') problems.required(volume.at('name'));
    else problems.invalidEach(volume.at('name'), name, validateDns1123Label(name));
    if (seen.has(name)) problems.duplicate(volume.at('name'), name);
    seen.add(name);
    if (problems.count === before) names.add(name);
  }
  return names;
}
