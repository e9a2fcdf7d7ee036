import type { ApiObject } from '../../api/object.js';
import { findResource } from '../../api/resources.js';
import { ApiError } from '../http/api-error.js';
import type { ObjectStore } from '../registry/object-store.js';

/** The namespaces every Kubernetes cluster has. */
export const SYSTEM_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'] as const;

/** Creates the system namespaces that do not exist yet (the API server does this at start). */
export async function ensureSystemNamespaces(store: ObjectStore): Promise<void> {
  const info = findResource('', 'v1', 'namespaces');
  if (info === undefined) throw new Error('namespaces are not served');
  for (const name of SYSTEM_NAMESPACES) {
    const namespace: ApiObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name } };
    try {
      await store.create(info, namespace, { dryRun: false });
    } catch (error) {
      if (!(error instanceof ApiError && error.reason === 'AlreadyExists')) throw error;
    }
  }
}
