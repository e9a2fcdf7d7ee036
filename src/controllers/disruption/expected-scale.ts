import type { Deployment, Pod, ReplicaSet, StatefulSet } from '../../api/kinds.js';
import { isPlainObject, type ApiObject, type OwnerReference } from '../../api/object.js';
import { findKind, type ResourceInfo } from '../../api/resources.js';
import type { ApiClient } from '../../client/api-client.js';
import { isNotFound } from '../../client/api-status-error.js';
import type { Informer } from '../../client/informer.js';
import { controllerOf } from '../runtime/enqueue-handlers.js';

export interface ExpectedPods {
  /** The sum of the desired replicas of the controllers owning the pods. */
  readonly count: number;
  /** Names of pods that have no controller. */
  readonly unmanaged: readonly string[];
}

export interface ScaleCaches {
  readonly replicaSets: Informer<ReplicaSet>;
  readonly deployments: Informer<Deployment>;
  readonly statefulSets: Informer<StatefulSet>;
}

/**
 * How many pods the controllers of a budget's pods want, as upstream's disruption
 * controller counts: a ReplicaSet counts its Deployment's replicas when a Deployment
 * controls it; other controllers count their `spec.replicas`, read from the API for
 * kinds without a cache here. A pod whose controller cannot be found is an error.
 */
export class ExpectedScale {
  readonly #client: ApiClient;
  readonly #caches: ScaleCaches;

  constructor(client: ApiClient, caches: ScaleCaches) {
    this.#client = client;
    this.#caches = caches;
  }

  async of(pods: readonly Pod[]): Promise<ExpectedPods> {
    const byController = new Map<string, number>();
    const unmanaged: string[] = [];
    for (const pod of pods) {
      const reference = controllerOf(pod);
      if (reference === undefined) {
        unmanaged.push(pod.metadata.name ?? '');
        continue;
      }
      if (byController.has(reference.uid)) continue;
      const scale = await this.#scaleOf(pod.metadata.namespace, reference);
      if (scale === undefined) throw new Error(`found no controllers for pod ${JSON.stringify(pod.metadata.name ?? '')}`);
      byController.set(scale.uid, scale.replicas);
    }
    let count = 0;
    for (const replicas of byController.values()) count += replicas;
    return { count, unmanaged };
  }

  async #scaleOf(namespace: string | undefined, reference: OwnerReference): Promise<{ uid: string; replicas: number } | undefined> {
    if (reference.apiVersion === 'apps/v1' && reference.kind === 'ReplicaSet') {
      const replicaSet = matching(this.#caches.replicaSets.get(namespace, reference.name), reference);
      if (replicaSet === undefined) return undefined;
      const owner = controllerOf(replicaSet);
      if (owner?.kind === 'Deployment') {
        const deployment = matching(this.#caches.deployments.get(namespace, owner.name), owner);
        return deployment === undefined ? undefined : { uid: owner.uid, replicas: deployment.spec?.replicas ?? 1 };
      }
      return { uid: reference.uid, replicas: replicaSet.spec?.replicas ?? 1 };
    }
    if (reference.apiVersion === 'apps/v1' && reference.kind === 'StatefulSet') {
      const statefulSet = matching(this.#caches.statefulSets.get(namespace, reference.name), reference);
      return statefulSet === undefined ? undefined : { uid: reference.uid, replicas: statefulSet.spec?.replicas ?? 1 };
    }
    const resource = findKind(reference.apiVersion, reference.kind);
    if (resource === undefined) return undefined;
    const owner = matching(await this.#getOrUndefined(resource, namespace, reference.name), reference);
    const replicas = owner !== undefined && isPlainObject(owner.spec) ? owner.spec.replicas : undefined;
    return typeof replicas === 'number' ? { uid: reference.uid, replicas } : undefined;
  }

  async #getOrUndefined(resource: ResourceInfo, namespace: string | undefined, name: string): Promise<ApiObject | undefined> {
    try {
      return await this.#client.get(resource, namespace, name);
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }
}

function matching<T extends ApiObject>(object: T | undefined, reference: OwnerReference): T | undefined {
  return object?.metadata.uid === reference.uid ? object : undefined;
}
