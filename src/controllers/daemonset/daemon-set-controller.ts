import type { ControllerRevision, DaemonSet, Node, Pod } from '../../api/kinds.js';
import { resourceOf } from '../../client/api-client.js';
import { objectKey } from '../../client/object-key.js';
import { ownedPodHandler } from '../history/owned-pod-handler.js';
import { OWNER_UID_INDEX, ownerUidIndex } from '../history/owner-index.js';
import type { ControllerSpec } from '../runtime/controller-spec.js';
import { enqueueControllerOwner, enqueueObject } from '../runtime/enqueue-handlers.js';
import { Expectations } from '../runtime/expectations.js';
import { DaemonSetReconciler } from './daemon-set-reconciler.js';

/** The DaemonSet controller: a pod on every eligible node, following nodes as they come, change and go. */
export const daemonSetController: ControllerSpec = {
  name: 'daemonset',
  create(context, queue) {
    const sets = context.informers.informerFor<DaemonSet>(resourceOf('apps/v1', 'DaemonSet'));
    const pods = context.informers.informerFor<Pod>(resourceOf('v1', 'Pod'));
    const nodes = context.informers.informerFor<Node>(resourceOf('v1', 'Node'));
    const revisions = context.informers.informerFor<ControllerRevision>(resourceOf('apps/v1', 'ControllerRevision'));
    pods.addIndex(OWNER_UID_INDEX, ownerUidIndex);
    revisions.addIndex(OWNER_UID_INDEX, ownerUidIndex);
    const expectations = new Expectations(context.clock);
    const everySet = () => {
      for (const set of sets.list()) queue.add(objectKey(set));
    };
    sets.addHandler(enqueueObject(queue));
    pods.addHandler(ownedPodHandler(queue, expectations, 'DaemonSet'));
    revisions.addHandler(enqueueControllerOwner(queue, 'DaemonSet'));
    nodes.addHandler({
      onAdd: everySet,
      onUpdate: (previous, node) => {
        const changed = JSON.stringify([previous.metadata.labels, previous.spec]) !== JSON.stringify([node.metadata.labels, node.spec]);
        if (changed) everySet();
      },
      onDelete: everySet,
    });
    return new DaemonSetReconciler({ context, sets, pods, nodes, revisions, expectations });
  },
};
