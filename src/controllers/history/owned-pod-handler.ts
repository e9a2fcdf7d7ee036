import type { Pod } from '../../api/kinds.js';
import type { InformerHandler } from '../../client/informer.js';
import { keyOf, objectKey } from '../../client/object-key.js';
import { controllerOf } from '../runtime/enqueue-handlers.js';
import type { Expectations } from '../runtime/expectations.js';
import type { Enqueuer } from '../runtime/reconciler.js';

/**
 * Queues the owner (of `ownerKind`) of every pod that changes, and tells the owner's
 * expectations which creations and deletions the cache now shows.
 */
export function ownedPodHandler(queue: Enqueuer, expectations: Expectations, ownerKind: string): InformerHandler<Pod> {
  const ownerKey = (pod: Pod): string | undefined => {
    const owner = controllerOf(pod);
    return owner?.kind === ownerKind ? keyOf(pod.metadata.namespace, owner.name) : undefined;
  };
  return {
    onAdd: (pod) => {
      const key = ownerKey(pod);
      if (key === undefined) return;
      expectations.creationObserved(key);
      queue.add(key);
    },
    onUpdate: (previous, pod) => {
      const key = ownerKey(pod);
      const previousKey = ownerKey(previous);
      if (key !== undefined && pod.metadata.deletionTimestamp !== undefined) expectations.deletionObserved(key, objectKey(pod));
      if (key !== undefined) queue.add(key);
      if (previousKey !== undefined && previousKey !== key) queue.add(previousKey);
    },
    onDelete: (pod) => {
      const key = ownerKey(pod);
      if (key === undefined) return;
      expectations.deletionObserved(key, objectKey(pod));
      queue.add(key);
    },
  };
}
