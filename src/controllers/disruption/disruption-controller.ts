import type { Deployment, Pod, PodDisruptionBudget, ReplicaSet, StatefulSet } from '../../api/kinds.js';
import { fromLabelSelector } from '../../api/label-selector.js';
import { resourceOf } from '../../client/api-client.js';
import { objectKey } from '../../client/object-key.js';
import type { ControllerSpec } from '../runtime/controller-spec.js';
import { enqueueObject } from '../runtime/enqueue-handlers.js';
import { DisruptionReconciler } from './disruption-reconciler.js';
import { ExpectedScale } from './expected-scale.js';

/**
 * The disruption controller: keeps every PodDisruptionBudget's status (what the
 * eviction subresource reads) in line with the pods it selects and the scale of
 * their controllers.
 */
export const disruptionController: ControllerSpec = {
  name: 'disruption',
  create(context, queue) {
    const budgets = context.informers.informerFor<PodDisruptionBudget>(resourceOf('policy/v1', 'PodDisruptionBudget'));
    const pods = context.informers.informerFor<Pod>(resourceOf('v1', 'Pod'));
    const replicaSets = context.informers.informerFor<ReplicaSet>(resourceOf('apps/v1', 'ReplicaSet'));
    const deployments = context.informers.informerFor<Deployment>(resourceOf('apps/v1', 'Deployment'));
    const statefulSets = context.informers.informerFor<StatefulSet>(resourceOf('apps/v1', 'StatefulSet'));
    budgets.addHandler(enqueueObject(queue));
    const enqueueBudgetsOf = (pod: Pod) => {
      for (const budget of budgets.list(pod.metadata.namespace)) {
        if (fromLabelSelector(budget.spec?.selector).selector?.matches(pod.metadata.labels ?? {}) === true) queue.add(objectKey(budget));
      }
    };
    pods.addHandler({
      onAdd: enqueueBudgetsOf,
      onUpdate: (previous, current) => {
        enqueueBudgetsOf(current);
        enqueueBudgetsOf(previous);
      },
      onDelete: enqueueBudgetsOf,
    });
    const enqueueNamespace = (previous: { metadata: { namespace?: string }; spec?: { replicas?: number } }, current: typeof previous) => {
      if (previous.spec?.replicas === current.spec?.replicas) return;
      for (const budget of budgets.list(current.metadata.namespace)) queue.add(objectKey(budget));
    };
    for (const scalable of [replicaSets, deployments, statefulSets] as const) scalable.addHandler({ onUpdate: enqueueNamespace });
    return new DisruptionReconciler(context, { budgets, pods }, new ExpectedScale(context.client, { replicaSets, deployments, statefulSets }));
  },
};
