import type { ClusterEvent } from '../../framework/cluster-event.js';
import type { CycleState } from '../../framework/cycle-state.js';
import type { NodeInfo } from '../../framework/node-info.js';
import type { FilterPlugin } from '../../framework/plugin.js';
import type { PodInfo } from '../../framework/pod-info.js';
import { Status } from '../../framework/status.js';

export const ERR_REASON_NODE_NAME = "node(s) didn't match the requested node name";

/** A pod that names its node fits only that node. */
export class NodeName implements FilterPlugin {
  readonly name = 'NodeName';

  eventsToRegister(): readonly ClusterEvent[] {
    return ['NodeAdd'];
  }

  filter(_state: CycleState, pod: PodInfo, node: NodeInfo): Status {
    const wanted = pod.nodeName;
    return wanted === '' || wanted === node.name ? Status.success : Status.unresolvable(ERR_REASON_NODE_NAME);
  }
}
