import type { Node, Pod } from '../../api/kinds.js';
import { resourceOf } from '../../client/api-client.js';
import { isNotFound } from '../../client/api-status-error.js';
import { objectKey, splitKey } from '../../client/object-key.js';
import { rfc3339 } from '../../util/clock.js';
import type { ControllerSpec } from '../runtime/controller-spec.js';
import { enqueueObject } from '../runtime/enqueue-handlers.js';

const PODS = resourceOf('v1', 'Pod');
const NODES = resourceOf('v1', 'Node');
const BY_NODE = 'podgc/node-name';

/**
 * The pod garbage collector: force-deletes pods that no agent will ever finish —
 * pods bound to a node that no longer exists, and unscheduled pods being deleted —
 * marking them DisruptionTarget (reason DeletionByPodGC) first, as upstream does.
 */
export const podGcController: ControllerSpec = {
  name: 'pod-garbage-collector',
  create(context, queue) {
    const pods = context.informers.informerFor<Pod>(PODS);
    const nodes = context.informers.informerFor<Node>(NODES);
    pods.addIndex(BY_NODE, (pod) => (pod.spec?.nodeName === undefined || pod.spec.nodeName === '' ? [] : [pod.spec.nodeName]));
    pods.addHandler(enqueueObject(queue));
    nodes.addHandler({
      onDelete: (node) => {
        for (const pod of pods.byIndex(BY_NODE, node.metadata.name ?? '')) queue.add(objectKey(pod));
      },
    });
    return {
      async reconcile(key) {
        const pod = pods.getByKey(key);
        if (pod === undefined) return undefined;
        const nodeName = pod.spec?.nodeName ?? '';
        const unscheduledAndDeleted = nodeName === '' && pod.metadata.deletionTimestamp !== undefined;
        if (!unscheduledAndDeleted && (nodeName === '' || nodes.get(undefined, nodeName) !== undefined)) return undefined;
        if (!unscheduledAndDeleted && !(await nodeIsGone(nodeName))) return undefined;
        const { namespace, name } = splitKey(key);
        try {
          if (!unscheduledAndDeleted) {
            const message = 'PodGC: node no longer exists';
            await context.client.patch(PODS, namespace, name, 'strategic', {
              status: {
                conditions: [{ type: 'DisruptionTarget', status: 'True', reason: 'DeletionByPodGC', message, lastTransitionTime: rfc3339(context.clock.now()) }],
              },
            }, { subresource: 'status' });
          }
          await context.client.delete(PODS, namespace, name, { gracePeriodSeconds: 0, ...(pod.metadata.uid === undefined ? {} : { preconditions: { uid: pod.metadata.uid } }) });
          context.logger.info('deleted pod no agent will finish', { pod: key, node: nodeName });
        } catch (error) {
          if (!isNotFound(error)) throw error;
        }
        return undefined;

        async function nodeIsGone(node: string): Promise<boolean> {
          try {
            await context.client.get(NODES, undefined, node);
            return false;
          } catch (error) {
            if (isNotFound(error)) return true;
            throw error;
          }
        }
      },
    };
  },
};
