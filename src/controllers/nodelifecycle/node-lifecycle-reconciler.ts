import type { Lease, Node, Pod } from '../../api/kinds.js';
import { resourceOf } from '../../client/api-client.js';
import type { Informer } from '../../client/informer.js';
import { rfc3339 } from '../../util/clock.js';
import type { ControllerContext } from '../runtime/controller-context.js';
import type { ReconcileResult, Reconciler } from '../runtime/reconciler.js';
import { NodeHealth } from './node-health.js';
import { conditionOf, desiredTaints, sameTaints } from './node-taints.js';
import { podCondition, withPodCondition } from './pod-condition.js';
import { POD_NODE_INDEX } from './pods-by-node.js';
import { unknownConditions } from './unknown-conditions.js';

const NODES = resourceOf('v1', 'Node');
const PODS = resourceOf('v1', 'Pod');

export const NODE_LEASE_NAMESPACE = 'kube-node-lease';

export interface NodeLifecycleTimings {
  readonly gracePeriodMs: number;
  readonly startupGracePeriodMs: number;
  readonly monitorPeriodMs: number;
}

export interface NodeLifecycleCaches {
  readonly nodes: Informer<Node>;
  readonly leases: Informer<Lease>;
  readonly pods: Informer<Pod>;
}

/**
 * Keeps one node's health as the cluster sees it: Ready=Unknown once its kubelet has
 * been silent for the grace period, the taints that follow from its conditions, and
 * its pods marked not Ready while it is not Ready.
 */
export class NodeLifecycleReconciler implements Reconciler {
  readonly #context: ControllerContext;
  readonly #caches: NodeLifecycleCaches;
  readonly #timings: NodeLifecycleTimings;
  readonly #health = new NodeHealth();

  constructor(context: ControllerContext, caches: NodeLifecycleCaches, timings: NodeLifecycleTimings) {
    this.#context = context;
    this.#caches = caches;
    this.#timings = timings;
  }

  async reconcile(key: string): Promise<ReconcileResult | undefined> {
    const node = this.#caches.nodes.getByKey(key);
    if (node === undefined) {
      this.#health.forget(key);
      return undefined;
    }
    const now = this.#context.clock.now();
    const lease = this.#caches.leases.get(NODE_LEASE_NAMESPACE, key);
    const probedAt = this.#health.observe(node, lease, now);
    const ready = conditionOf(node, 'Ready');
    const grace = ready === undefined ? this.#timings.startupGracePeriodMs : this.#timings.gracePeriodMs;
    const silentSince = ready === undefined && lease === undefined ? Math.min(probedAt, created(node, now)) : probedAt;
    if (ready?.status !== 'Unknown' && now - silentSince > grace) {
      await this.#markUnknown(node, ready === undefined, now);
      return undefined;
    }
    this.#recordTransition(node);
    await this.#reconcileTaints(node, now);
    if (ready !== undefined && ready.status !== 'True') await this.#markPodsNotReady(node, ready.lastTransitionTime, now);
    const untilSilent = silentSince + grace - now + 1;
    return { requeueAfterMs: ready?.status === 'Unknown' ? this.#timings.monitorPeriodMs : Math.min(untilSilent, this.#timings.monitorPeriodMs) };
  }

  async #markUnknown(node: Node, neverReported: boolean, now: number): Promise<void> {
    const conditions = unknownConditions(node.status?.conditions ?? [], {
      now: rfc3339(now),
      neverReported,
      createdAt: node.metadata.creationTimestamp,
    });
    await this.#context.client.update(NODES, { ...node, status: { ...node.status, conditions } }, { subresource: 'status' });
    this.#context.logger.info('node stopped reporting', { node: node.metadata.name });
  }

  #recordTransition(node: Node): void {
    const previous = this.#health.swapReadyStatus(node);
    const current = conditionOf(node, 'Ready')?.status;
    const name = node.metadata.name ?? '';
    if (previous === undefined) {
      this.#context.recorder.event(node, 'Normal', 'RegisteredNode', `Node ${name} event: Registered Node ${name} in Controller`);
      return;
    }
    if (previous === current) return;
    if (current === 'True') this.#context.recorder.event(node, 'Normal', 'NodeReady', `Node ${name} status is now: NodeReady`);
    else if (previous === 'True') this.#context.recorder.event(node, 'Normal', 'NodeNotReady', `Node ${name} status is now: NodeNotReady`);
  }

  async #reconcileTaints(node: Node, now: number): Promise<void> {
    const taints = desiredTaints(node, rfc3339(now));
    if (sameTaints(taints, node.spec?.taints ?? [])) return;
    const { taints: _previous, ...spec } = node.spec ?? {};
    await this.#context.client.update(NODES, { ...node, spec: taints.length === 0 ? spec : { ...spec, taints } });
  }

  /** Pods that turned Ready before the node stopped being Ready are no longer Ready (upstream's MarkPodsNotReady). */
  async #markPodsNotReady(node: Node, notReadySince: string | undefined, now: number): Promise<void> {
    for (const pod of this.#caches.pods.byIndex(POD_NODE_INDEX, node.metadata.name ?? '')) {
      const ready = podCondition(pod, 'Ready');
      if (ready?.status !== 'True') continue;
      if (notReadySince !== undefined && (ready.lastTransitionTime ?? '') > notReadySince) continue;
      const conditions = withPodCondition(pod, { type: 'Ready', status: 'False' }, rfc3339(now));
      await this.#context.client.update(PODS, { ...pod, status: { ...pod.status, conditions } }, { subresource: 'status' });
      this.#context.recorder.event(pod, 'Warning', 'NodeNotReady', 'Node is not ready');
    }
  }
}

function created(node: Node, fallback: number): number {
  const at = Date.parse(node.metadata.creationTimestamp ?? '');
  return Number.isNaN(at) ? fallback : at;
}
