import type { Lease, Node, Pod } from '../../api/kinds.js';
import { resourceOf } from '../../client/api-client.js';
import { enqueueObject } from '../runtime/enqueue-handlers.js';
import type { ControllerSpec } from '../runtime/controller-spec.js';
import { NODE_LEASE_NAMESPACE, NodeLifecycleReconciler } from './node-lifecycle-reconciler.js';
import { indexPodsByNode } from './pods-by-node.js';

export interface NodeLifecycleOptions {
  /** How long a node's kubelet may be silent (no Lease renewal, no heartbeat) before Ready=Unknown; upstream 40 s. */
  readonly nodeMonitorGracePeriodMs?: number;
  /** How long a new node may go without ever reporting; upstream 60 s. */
  readonly nodeStartupGracePeriodMs?: number;
  /** How often a node is checked when nothing about it changes; upstream 5 s. */
  readonly nodeMonitorPeriodMs?: number;
}

/**
 * The node lifecycle controller: watches nodes and their Leases in kube-node-lease,
 * marks silent nodes Ready=Unknown, keeps the not-ready/unreachable (and
 * unschedulable, pressure) taints in line with node conditions, and marks pods on
 * nodes that are not Ready as not Ready. Evicting pods from NoExecute-tainted nodes
 * is the taint eviction controller's job.
 */
export function nodeLifecycleController(options: NodeLifecycleOptions = {}): ControllerSpec {
  return {
    name: 'node-lifecycle',
    workers: 4,
    create(context, queue) {
      const nodes = context.informers.informerFor<Node>(resourceOf('v1', 'Node'));
      const leases = context.informers.informerFor<Lease>(resourceOf('coordination.k8s.io/v1', 'Lease'));
      const pods = context.informers.informerFor<Pod>(resourceOf('v1', 'Pod'));
      indexPodsByNode(pods);
      nodes.addHandler(enqueueObject(queue));
      const enqueueLeaseNode = (lease: Lease) => {
        if (lease.metadata.namespace === NODE_LEASE_NAMESPACE) queue.add(lease.metadata.name ?? '');
      };
      leases.addHandler({ onAdd: enqueueLeaseNode, onUpdate: (_previous, lease) => { enqueueLeaseNode(lease); } });
      return new NodeLifecycleReconciler(context, { nodes, leases, pods }, {
        gracePeriodMs: options.nodeMonitorGracePeriodMs ?? 40_000,
        startupGracePeriodMs: options.nodeStartupGracePeriodMs ?? 60_000,
        monitorPeriodMs: options.nodeMonitorPeriodMs ?? 5_000,
      });
    },
  };
}
