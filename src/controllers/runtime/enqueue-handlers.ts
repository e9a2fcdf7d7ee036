import type { ApiObject, OwnerReference } from '../../api/object.js';
import type { InformerHandler } from '../../client/informer.js';
import { keyOf, objectKey } from '../../client/object-key.js';
import type { Enqueuer } from './reconciler.js';

/** Queues the object's own key on every add, update and delete. */
export function enqueueObject<T extends ApiObject>(queue: Enqueuer): InformerHandler<T> {
  const add = (object: T) => {
    queue.add(objectKey(object));
  };
  return {
    onAdd: add,
    onUpdate: (_previous, current) => {
      add(current);
    },
    onDelete: add,
  };
}

/** The reference to the object's managing controller, if any. */
export function controllerOf(object: ApiObject): OwnerReference | undefined {
  return object.metadata.ownerReferences?.find((reference) => reference.controller === true);
}

/**
 * Queues the key of the object's controlling owner of kind `ownerKind` (e.g. a pod's
 * ReplicaSet). When the owner changes on update, both old and new owners are queued.
 */
export function enqueueControllerOwner<T extends ApiObject>(queue: Enqueuer, ownerKind: string): InformerHandler<T> {
  const add = (object: T) => {
    const owner = controllerOf(object);
    if (owner?.kind === ownerKind) queue.add(keyOf(object.metadata.namespace, owner.name));
  };
  return {
    onAdd: add,
    onUpdate: (previous, current) => {
      add(current);
      if (controllerOf(previous)?.uid !== controllerOf(current)?.uid) add(previous);
    },
    onDelete: add,
  };
}
