import type { Deployment, Pod, ReplicaSet } from '../../api/kinds.js';
import { fromLabelSelector } from '../../api/label-selector.js';
import { resourceOf } from '../../client/api-client.js';
import type { Informer } from '../../client/informer.js';
import { keyOf, objectKey } from '../../client/object-key.js';
import type { ControllerSpec } from '../runtime/controller-spec.js';
import { controllerOf, enqueueObject } from '../runtime/enqueue-handlers.js';
import type { Enqueuer } from '../runtime/reconciler.js';
import { DeploymentReconciler } from './deployment-reconciler.js';

function enqueueForReplicaSet(queue: Enqueuer, deployments: Informer<Deployment>) {
  return (set: ReplicaSet) => {
    const owner = controllerOf(set);
    if (owner !== undefined) {
      if (owner.kind === 'Deployment') queue.add(keyOf(set.metadata.namespace, owner.name));
      return;
    }
    for (const deployment of deployments.list(set.metadata.namespace)) {
      if (fromLabelSelector(deployment.spec?.selector).selector?.matches(set.metadata.labels) === true) queue.add(objectKey(deployment));
    }
  };
}

/** The Deployment controller: rollouts of a pod template through ReplicaSets. */
export const deploymentController: ControllerSpec = {
  name: 'deployment',
  workers: 5,
  create(context, queue) {
    const deployments = context.informers.informerFor<Deployment>(resourceOf('apps/v1', 'Deployment'));
    const sets = context.informers.informerFor<ReplicaSet>(resourceOf('apps/v1', 'ReplicaSet'));
    const pods = context.informers.informerFor<Pod>(resourceOf('v1', 'Pod'));
    deployments.addHandler(enqueueObject(queue));
    const forSet = enqueueForReplicaSet(queue, deployments);
    sets.addHandler({
      onAdd: forSet,
      onUpdate: (previous, current) => {
        forSet(current);
        if (controllerOf(previous)?.uid !== controllerOf(current)?.uid) forSet(previous);
      },
      onDelete: forSet,
    });
    // A Recreate rollout waits for the old pods to be gone.
    pods.addHandler({
      onDelete: (pod) => {
        const owner = controllerOf(pod);
        const set = owner?.kind === 'ReplicaSet' ? sets.get(pod.metadata.namespace, owner.name) : undefined;
        const deploymentOwner = set === undefined ? undefined : controllerOf(set);
        if (deploymentOwner?.kind !== 'Deployment') return;
        const deployment = deployments.get(pod.metadata.namespace, deploymentOwner.name);
        if (deployment?.spec?.strategy?.type === 'Recreate') queue.add(objectKey(deployment));
      },
    });
    return new DeploymentReconciler({ context, deployments, sets, pods });
  },
};
