import type { PersistentVolumeClaim } from '../../api/kinds.js';
import type { ApiObject } from '../../api/object.js';
import { isPlainObject } from '../../api/object.js';
import { resourceOf, type ApiClient } from '../../client/api-client.js';
import { isNotFound } from '../../client/api-status-error.js';

const CLAIMS = resourceOf('v1', 'PersistentVolumeClaim');
const VOLUMES = resourceOf('v1', 'PersistentVolume');

/**
 * The host directory behind a pod's persistentVolumeClaim: the claim must be Bound to
 * a hostPath or local PersistentVolume, whose path is mounted. Unbound claims keep
 * the pod from starting, as upstream.
 */
export async function claimHostPath(client: ApiClient, namespace: string | undefined, claimName: string): Promise<string> {
  let claim: PersistentVolumeClaim;
  try {
    claim = await client.get<PersistentVolumeClaim>(CLAIMS, namespace, claimName);
  } catch (error) {
    if (isNotFound(error)) throw new Error(`persistentvolumeclaim "${claimName}" not found`, { cause: error });
    throw error;
  }
  const volumeName = claim.spec?.volumeName ?? '';
  if (claim.status?.phase !== 'Bound' || volumeName === '') throw new Error(`persistentvolumeclaim "${claimName}" is not bound`);
  let volume: ApiObject;
  try {
    volume = await client.get(VOLUMES, undefined, volumeName);
  } catch (error) {
    if (isNotFound(error)) throw new Error(`persistentvolume "${volumeName}" not found`, { cause: error });
    throw error;
  }
  const spec = isPlainObject(volume.spec) ? volume.spec : {};
  for (const type of ['hostPath', 'local']) {
    const source = spec[type];
    if (isPlainObject(source) && typeof source.path === 'string' && source.path !== '') return source.path;
  }
  throw new Error(`persistentvolume "${volumeName}" is neither a hostPath nor a local volume, which are the only ones this node can mount`);
}
