import type { Pod, ReplicaSet } from '../../api/kinds.js';
import type { OwnerReference } from '../../api/object.js';
import { resourceOf } from '../../client/api-client.js';
import { isConflict, isNotFound } from '../../client/api-status-error.js';
import { objectKey } from '../../client/object-key.js';
import { errorMessage } from '../../util/errors.js';
import type { ControllerContext } from '../runtime/controller-context.js';
import type { Expectations } from '../runtime/expectations.js';

const PODS = resourceOf('v1', 'Pod');
/** Upstream's burstReplicas: at most this many creations or deletions per sync. */
export const BURST_REPLICAS = 500;

export function controllerReference(set: ReplicaSet): OwnerReference {
  return { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: set.metadata.name ?? '', uid: set.metadata.uid ?? '', controller: true, blockOwnerDeletion: true };
}

function newPod(set: ReplicaSet): Pod {
  const template = set.spec?.template;
  const { labels, annotations, finalizers } = template?.metadata ?? {};
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      generateName: `${set.metadata.name ?? ''}-`,
      namespace: set.metadata.namespace ?? 'default',
      ...(labels === undefined ? {} : { labels: { ...labels } }),
      ...(annotations === undefined ? {} : { annotations: { ...annotations } }),
      ...(finalizers === undefined ? {} : { finalizers: [...finalizers] }),
      ownerReferences: [controllerReference(set)],
    },
    spec: structuredClone(template?.spec ?? { containers: [] }),
  };
}

/** Creates, deletes, adopts and releases a ReplicaSet's pods with upstream's Events and expectations. */
export class ReplicaSetPodControl {
  readonly #context: ControllerContext;
  readonly #expectations: Expectations;

  constructor(context: ControllerContext, expectations: Expectations) {
    this.#context = context;
    this.#expectations = expectations;
  }

  /**
   * Creates `count` pods in batches of 1, 2, 4, ... and stops after a batch with a
   * failure (upstream's slow start), so a failing template costs few requests.
   */
  async createPods(set: ReplicaSet, count: number): Promise<void> {
    const key = objectKey(set);
    this.#expectations.expectCreations(key, count);
    let remaining = count;
    let batch = 1;
    while (remaining > 0) {
      const size = Math.min(batch, remaining);
      const results = await Promise.allSettled(Array.from({ length: size }, async () => this.#create(set)));
      remaining -= size;
      const failure = results.find((result) => result.status === 'rejected');
      if (failure !== undefined) {
        for (let skipped = 0; skipped < remaining; skipped++) this.#expectations.creationObserved(key);
        throw failure.reason;
      }
      batch *= 2;
    }
  }

  async #create(set: ReplicaSet): Promise<void> {
    try {
      const created = await this.#context.client.create(PODS, newPod(set));
      this.#context.recorder.event(set, 'Normal', 'SuccessfulCreate', `Created pod: ${created.metadata.name ?? ''}`);
    } catch (error) {
      this.#expectations.creationFailed(objectKey(set));
      this.#context.recorder.event(set, 'Warning', 'FailedCreate', `Error creating: ${errorMessage(error)}`);
      throw error;
    }
  }

  /** Deletes the pods in parallel; throws the first failure after trying all. */
  async deletePods(set: ReplicaSet, pods: readonly Pod[]): Promise<void> {
    this.#expectations.expectDeletions(objectKey(set), pods.map(objectKey));
    const results = await Promise.allSettled(pods.map(async (pod) => this.#delete(set, pod)));
    const failure = results.find((result) => result.status === 'rejected');
    if (failure !== undefined) throw failure.reason;
  }

  async #delete(set: ReplicaSet, pod: Pod): Promise<void> {
    try {
      await this.#context.client.delete(PODS, pod.metadata.namespace, pod.metadata.name ?? '', { preconditions: { uid: pod.metadata.uid ?? '' } });
      this.#context.recorder.event(set, 'Normal', 'SuccessfulDelete', `Deleted pod: ${pod.metadata.name ?? ''}`);
    } catch (error) {
      this.#expectations.deletionObserved(objectKey(set), objectKey(pod));
      if (isNotFound(error) || isConflict(error)) return;
      this.#context.recorder.event(set, 'Warning', 'FailedDelete', `Error deleting: ${errorMessage(error)}`);
      throw error;
    }
  }

  /** Makes the set the pod's controller; fails with 409 if the pod changed since it was read. */
  async adopt(set: ReplicaSet, pod: Pod): Promise<Pod> {
    const ownerReferences = [...(pod.metadata.ownerReferences ?? []), controllerReference(set)];
    return await this.#context.client.patch<Pod>(PODS, pod.metadata.namespace, pod.metadata.name ?? '', 'merge', {
      metadata: { ownerReferences, resourceVersion: pod.metadata.resourceVersion },
    });
  }

  /** Removes the set from the pod's owners (its labels no longer match). */
  async release(set: ReplicaSet, pod: Pod): Promise<void> {
    const ownerReferences = (pod.metadata.ownerReferences ?? []).filter((reference) => reference.uid !== set.metadata.uid);
    try {
      await this.#context.client.patch(PODS, pod.metadata.namespace, pod.metadata.name ?? '', 'merge', {
        metadata: { ownerReferences: ownerReferences.length === 0 ? null : ownerReferences, resourceVersion: pod.metadata.resourceVersion },
      });
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }
}
