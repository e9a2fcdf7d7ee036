import type { ClusterEvent } from '../../framework/cluster-event.js';
import type { CycleState } from '../../framework/cycle-state.js';
import type { NodeInfo } from '../../framework/node-info.js';
import type { FilterPlugin, PreFilterPlugin } from '../../framework/plugin.js';
import type { PodInfo } from '../../framework/pod-info.js';
import { Status } from '../../framework/status.js';

export const ERR_REASON_PORTS = "node(s) didn't have free ports for the requested pod ports";

/** A pod's host ports must be free on the node (same protocol and port, overlapping host IP). */
export class NodePorts implements PreFilterPlugin, FilterPlugin {
  readonly name = 'NodePorts';

  eventsToRegister(): readonly ClusterEvent[] {
    return ['NodeAdd', 'AssignedPodDelete'];
  }

  preFilter(_state: CycleState, pod: PodInfo): Status {
    return pod.hostPorts.length === 0 ? Status.skip : Status.success;
  }

  filter(_state: CycleState, pod: PodInfo, node: NodeInfo): Status {
    for (const port of pod.hostPorts) if (node.portConflicts(port)) return Status.unschedulable(ERR_REASON_PORTS);
    return Status.success;
  }
}
