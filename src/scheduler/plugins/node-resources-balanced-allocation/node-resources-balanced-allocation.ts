import type { ClusterEvent } from '../../framework/cluster-event.js';
import type { CycleState } from '../../framework/cycle-state.js';
import type { NodeInfo } from '../../framework/node-info.js';
import { MAX_NODE_SCORE, type ScorePlugin } from '../../framework/plugin.js';
import type { PodInfo } from '../../framework/pod-info.js';

/**
 * Favours nodes whose CPU and memory would be used in equal proportion with the pod:
 * (1 - standard deviation of the two fractions) * 100.
 */
export class NodeResourcesBalancedAllocation implements ScorePlugin {
  readonly name = 'NodeResourcesBalancedAllocation';

  eventsToRegister(): readonly ClusterEvent[] {
    return ['NodeAdd', 'NodeAllocatableChange', 'AssignedPodDelete'];
  }

  score(_state: CycleState, pod: PodInfo, node: NodeInfo): number {
    const cpu = fraction(node.nonZeroMilliCpu + pod.nonZeroMilliCpu, node.allocatable.milliCpu);
    const memory = fraction(node.nonZeroMemory + pod.nonZeroMemory, node.allocatable.memory);
    const deviation = Math.abs(cpu - memory) / 2;
    return Math.floor((1 - deviation) * MAX_NODE_SCORE);
  }
}

function fraction(requested: number, capacity: number): number {
  return capacity === 0 ? 1 : Math.min(1, requested / capacity);
}
