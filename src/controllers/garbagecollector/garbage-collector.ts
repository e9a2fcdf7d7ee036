import type { ApiObject } from '../../api/object.js';
import type { InformerHandler } from '../../client/informer.js';
import type { ControllerSpec } from '../runtime/controller-spec.js';
import type { Enqueuer } from '../runtime/reconciler.js';
import { FOREGROUND_FINALIZER, GarbageCollectorReconciler, ORPHAN_FINALIZER } from './garbage-collector-reconciler.js';
import { MetadataPatches } from './metadata-patches.js';
import { OwnerGraph } from './owner-graph.js';

function ownerUids(object: ApiObject): string[] {
  return (object.metadata.ownerReferences ?? []).map((reference) => reference.uid);
}

function concernsCollector(object: ApiObject): boolean {
  const finalizers = object.metadata.finalizers ?? [];
  const deletingWithPolicy = object.metadata.deletionTimestamp !== undefined && (finalizers.includes(ORPHAN_FINALIZER) || finalizers.includes(FOREGROUND_FINALIZER));
  return deletingWithPolicy || ownerUids(object).length > 0;
}

function graphHandler(queue: Enqueuer, graph: OwnerGraph): InformerHandler<ApiObject> {
  const add = (uid: string | undefined) => {
    if (uid !== undefined && uid !== '') queue.add(uid);
  };
  return {
    onAdd: (object) => {
      if (concernsCollector(object)) add(object.metadata.uid);
    },
    onUpdate: (previous, object) => {
      if (concernsCollector(object)) add(object.metadata.uid);
      // An owner waiting for its dependents cares when one lets go of it.
      const current = new Set(ownerUids(object));
      for (const uid of ownerUids(previous)) if (!current.has(uid)) add(uid);
    },
    onDelete: (object) => {
      for (const dependent of graph.dependentsOf(object.metadata.uid ?? '')) add(dependent.object.metadata.uid);
      for (const uid of ownerUids(object)) add(uid);
    },
  };
}

/**
 * The garbage collector: watches every listable resource, keeps the owner ->
 * dependents graph by uid, and carries out background, foreground and orphan deletion
 * of dependents as upstream's garbage collector does. Queue keys are object uids.
 */
export const garbageCollector: ControllerSpec = {
  name: 'garbage-collector',
  workers: 10,
  create: (context, queue) => {
    const graph = new OwnerGraph(context.informers);
    const handler = graphHandler(queue, graph);
    for (const informer of graph.informers) informer.addHandler(handler);
    return new GarbageCollectorReconciler({
      client: context.client,
      graph,
      patches: new MetadataPatches(context.client),
      recorder: context.recorder,
      logger: context.logger,
      queue,
    });
  },
};
