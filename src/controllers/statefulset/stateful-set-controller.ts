import type { ControllerRevision, PersistentVolumeClaim, Pod, StatefulSet } from '../../api/kinds.js';
import { resourceOf } from '../../client/api-client.js';
import { ownedPodHandler } from '../history/owned-pod-handler.js';
import { OWNER_UID_INDEX, ownerUidIndex } from '../history/owner-index.js';
import type { ControllerSpec } from '../runtime/controller-spec.js';
import { enqueueControllerOwner, enqueueObject } from '../runtime/enqueue-handlers.js';
import { Expectations } from '../runtime/expectations.js';
import { StatefulSetReconciler } from './stateful-set-reconciler.js';

/** The StatefulSet controller: stable, ordered pods with their own claims, and rolling updates by revision. */
export const statefulSetController: ControllerSpec = {
  name: 'statefulset',
  create(context, queue) {
    const sets = context.informers.informerFor<StatefulSet>(resourceOf('apps/v1', 'StatefulSet'));
    const pods = context.informers.informerFor<Pod>(resourceOf('v1', 'Pod'));
    const claims = context.informers.informerFor<PersistentVolumeClaim>(resourceOf('v1', 'PersistentVolumeClaim'));
    const revisions = context.informers.informerFor<ControllerRevision>(resourceOf('apps/v1', 'ControllerRevision'));
    pods.addIndex(OWNER_UID_INDEX, ownerUidIndex);
    revisions.addIndex(OWNER_UID_INDEX, ownerUidIndex);
    const expectations = new Expectations(context.clock);
    sets.addHandler(enqueueObject(queue));
    pods.addHandler(ownedPodHandler(queue, expectations, 'StatefulSet'));
    revisions.addHandler(enqueueControllerOwner(queue, 'StatefulSet'));
    return new StatefulSetReconciler({ context, sets, pods, claims, revisions, expectations });
  },
};
