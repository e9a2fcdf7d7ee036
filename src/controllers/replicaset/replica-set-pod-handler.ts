import type { Pod, ReplicaSet } from '../../api/kinds.js';
import { fromLabelSelector } from '../../api/label-selector.js';
import type { Informer, InformerHandler } from '../../client/informer.js';
import { keyOf, objectKey } from '../../client/object-key.js';
import { controllerOf } from '../runtime/enqueue-handlers.js';
import type { Expectations } from '../runtime/expectations.js';
import type { Enqueuer } from '../runtime/reconciler.js';
import { PodState } from './pod-state.js';

/**
 * Routes pod changes to ReplicaSets as upstream does: the controlling set of an owned
 * pod (marking its creation or deletion as observed), every matching set of an
 * orphan (one may adopt it), and, when a pod turns ready, its set again once
 * minReadySeconds have passed.
 */
export function replicaSetPodHandler(queue: Enqueuer, sets: Informer<ReplicaSet>, expectations: Expectations): InformerHandler<Pod> {
  const ownerKey = (pod: Pod): string | undefined => {
    const owner = controllerOf(pod);
    return owner?.kind === 'ReplicaSet' ? keyOf(pod.metadata.namespace, owner.name) : undefined;
  };
  const enqueueMatchingSets = (pod: Pod) => {
    for (const set of sets.list(pod.metadata.namespace)) {
      if (fromLabelSelector(set.spec?.selector).selector?.matches(pod.metadata.labels) === true) queue.add(objectKey(set));
    }
  };
  const deleted = (pod: Pod) => {
    const key = ownerKey(pod);
    if (key === undefined) return;
    expectations.deletionObserved(key, objectKey(pod));
    queue.add(key);
  };
  return {
    onAdd: (pod) => {
      if (pod.metadata.deletionTimestamp !== undefined) {
        deleted(pod);
        return;
      }
      const key = ownerKey(pod);
      if (key !== undefined) {
        expectations.creationObserved(key);
        queue.add(key);
      } else if (controllerOf(pod) === undefined) {
        enqueueMatchingSets(pod);
      }
    },
    onUpdate: (previous, pod) => {
      if (previous.metadata.resourceVersion === pod.metadata.resourceVersion) return;
      const labelsChanged = JSON.stringify(previous.metadata.labels ?? {}) !== JSON.stringify(pod.metadata.labels ?? {});
      const ownerChanged = controllerOf(previous)?.uid !== controllerOf(pod)?.uid;
      if (pod.metadata.deletionTimestamp !== undefined) {
        deleted(pod);
        if (labelsChanged) deleted(previous);
        return;
      }
      const previousKey = ownerKey(previous);
      if (ownerChanged && previousKey !== undefined) queue.add(previousKey);
      const key = ownerKey(pod);
      if (key !== undefined) {
        queue.add(key);
        const set = sets.getByKey(key);
        const minReadySeconds = set?.spec?.minReadySeconds ?? 0;
        if (minReadySeconds > 0 && !PodState.isReady(previous) && PodState.isReady(pod)) queue.addAfter(key, minReadySeconds * 1000 + 1000);
        return;
      }
      if (controllerOf(pod) === undefined && (labelsChanged || ownerChanged)) enqueueMatchingSets(pod);
    },
    onDelete: deleted,
  };
}
