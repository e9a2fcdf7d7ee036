import type { Node, Pod } from '../../api/kinds.js';
import { resourceOf } from '../../client/api-client.js';
import { objectKey } from '../../client/object-key.js';
import { enqueueObject } from '../runtime/enqueue-handlers.js';
import type { ControllerSpec } from '../runtime/controller-spec.js';
import { POD_NODE_INDEX, indexPodsByNode } from './pods-by-node.js';
import { sameTaints } from './node-taints.js';
import { TaintEvictionReconciler } from './taint-eviction-reconciler.js';

export interface TaintEvictionOptions {
  /**
   * How long pods without their own not-ready/unreachable toleration tolerate those
   * taints (upstream's DefaultTolerationSeconds admission: 300). Undefined: such pods
   * are evicted as soon as the taint appears.
   */
  readonly defaultTolerationSeconds?: number | undefined;
}

/** The taint eviction controller: pods leave nodes whose NoExecute taints they do not (or no longer) tolerate. */
export function taintEvictionController(options: TaintEvictionOptions = { defaultTolerationSeconds: 300 }): ControllerSpec {
  return {
    name: 'taint-eviction',
    workers: 4,
    create(context, queue) {
      const pods = context.informers.informerFor<Pod>(resourceOf('v1', 'Pod'));
      const nodes = context.informers.informerFor<Node>(resourceOf('v1', 'Node'));
      indexPodsByNode(pods);
      pods.addHandler(enqueueObject(queue));
      const enqueuePodsOn = (node: Node) => {
        for (const pod of pods.byIndex(POD_NODE_INDEX, node.metadata.name ?? '')) queue.add(objectKey(pod));
      };
      nodes.addHandler({
        onAdd: enqueuePodsOn,
        onUpdate: (previous, current) => {
          const noExecute = (node: Node) => (node.spec?.taints ?? []).filter((taint) => taint.effect === 'NoExecute');
          if (!sameTaints(noExecute(previous), noExecute(current))) enqueuePodsOn(current);
        },
      });
      return new TaintEvictionReconciler(context, { pods, nodes }, options.defaultTolerationSeconds);
    },
  };
}
