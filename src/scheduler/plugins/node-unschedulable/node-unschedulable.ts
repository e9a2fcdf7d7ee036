import type { ClusterEvent } from '../../framework/cluster-event.js';
import type { CycleState } from '../../framework/cycle-state.js';
import type { NodeInfo } from '../../framework/node-info.js';
import type { FilterPlugin } from '../../framework/plugin.js';
import type { PodInfo } from '../../framework/pod-info.js';
import { Status } from '../../framework/status.js';
import { tolerated } from '../../framework/tolerations.js';

export const ERR_REASON_UNSCHEDULABLE = 'node(s) were unschedulable';
const UNSCHEDULABLE_TAINT = { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' as const };

/** A cordoned node (spec.unschedulable) takes only pods tolerating the unschedulable taint. */
export class NodeUnschedulable implements FilterPlugin {
  readonly name = 'NodeUnschedulable';

  eventsToRegister(): readonly ClusterEvent[] {
    return ['NodeAdd', 'NodeSpecUnschedulableChange', 'NodeTaintChange'];
  }

  filter(_state: CycleState, pod: PodInfo, node: NodeInfo): Status {
    if (!node.unschedulable || tolerated(pod.tolerations, UNSCHEDULABLE_TAINT)) return Status.success;
    return Status.unresolvable(ERR_REASON_UNSCHEDULABLE);
  }
}
