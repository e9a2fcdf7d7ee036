import type { Pod, ReplicaSet } from '../../api/kinds.js';
import { resourceOf } from '../../client/api-client.js';
import type { ControllerSpec } from '../runtime/controller-spec.js';
import { enqueueObject } from '../runtime/enqueue-handlers.js';
import { Expectations } from '../runtime/expectations.js';
import { CONTROLLER_UID_INDEX, controllerUidIndex } from './controller-uid-index.js';
import { replicaSetPodHandler } from './replica-set-pod-handler.js';
import { ReplicaSetReconciler } from './replica-set-reconciler.js';

/** The ReplicaSet controller: keeps the desired number of pods of a template running. */
export const replicaSetController: ControllerSpec = {
  name: 'replicaset',
  workers: 5,
  create(context, queue) {
    const sets = context.informers.informerFor<ReplicaSet>(resourceOf('apps/v1', 'ReplicaSet'));
    const pods = context.informers.informerFor<Pod>(resourceOf('v1', 'Pod'));
    pods.addIndex(CONTROLLER_UID_INDEX, controllerUidIndex);
    const expectations = new Expectations(context.clock);
    sets.addHandler(enqueueObject(queue));
    pods.addHandler(replicaSetPodHandler(queue, sets, expectations));
    return new ReplicaSetReconciler({ context, sets, pods, expectations });
  },
};
