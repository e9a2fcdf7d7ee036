import type { ClusterEvent } from '../../framework/cluster-event.js';
import type { CycleState } from '../../framework/cycle-state.js';
import type { NodeInfo } from '../../framework/node-info.js';
import { type FilterPlugin, MAX_NODE_SCORE, type ScorePlugin } from '../../framework/plugin.js';
import type { PodInfo } from '../../framework/pod-info.js';
import { isZero } from '../../framework/resources.js';
import { Status } from '../../framework/status.js';

/** Upstream's NodeResourcesFit messages, one per missing resource. */
export function insufficient(resource: string): string {
  return `Insufficient ${resource}`;
}
export const ERR_REASON_TOO_MANY_PODS = 'Too many pods';

/**
 * Filter: the pod's requests (containers, init containers and sidecars, overhead)
 * must fit in what the node's allocatable leaves after its pods, and the node must
 * have room for one more pod. Score: LeastAllocated over CPU and memory (weights 1).
 */
export class NodeResourcesFit implements FilterPlugin, ScorePlugin {
  readonly name = 'NodeResourcesFit';

  eventsToRegister(): readonly ClusterEvent[] {
    return ['NodeAdd', 'NodeAllocatableChange', 'AssignedPodDelete'];
  }


  filter(_state: CycleState, pod: PodInfo, node: NodeInfo): Status {
    const reasons: string[] = [];
    if (node.pods.size + 1 > node.allowedPodNumber) reasons.push(ERR_REASON_TOO_MANY_PODS);
    const want = pod.requests;
    if (isZero(want)) return reasons.length === 0 ? Status.success : Status.unschedulable(...reasons);
    const free = node.allocatable;
    const used = node.requested;
    if (want.milliCpu > 0 && want.milliCpu > free.milliCpu - used.milliCpu) reasons.push(insufficient('cpu'));
    if (want.memory > 0 && want.memory > free.memory - used.memory) reasons.push(insufficient('memory'));
    if (want.ephemeralStorage > 0 && want.ephemeralStorage > free.ephemeralStorage - used.ephemeralStorage) {
      reasons.push(insufficient('ephemeral-storage'));
    }
    if (want.scalar !== undefined) {
      for (const [name, amount] of want.scalar) {
        if (amount > 0 && amount > (free.scalar?.get(name) ?? 0) - (used.scalar?.get(name) ?? 0)) reasons.push(insufficient(name));
      }
    }
    return reasons.length === 0 ? Status.success : Status.unschedulable(...reasons);
  }

  score(_state: CycleState, pod: PodInfo, node: NodeInfo): number {
    const cpu = leastAllocated(node.nonZeroMilliCpu + pod.nonZeroMilliCpu, node.allocatable.milliCpu);
    const memory = leastAllocated(node.nonZeroMemory + pod.nonZeroMemory, node.allocatable.memory);
    return Math.floor((cpu + memory) / 2);
  }
}

function leastAllocated(requested: number, capacity: number): number {
  if (capacity === 0 || requested > capacity) return 0;
  return Math.floor(((capacity - requested) * MAX_NODE_SCORE) / capacity);
}
