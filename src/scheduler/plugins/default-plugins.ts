import type { ApiClient } from '../../client/api-client.js';
import type { CycleState } from '../framework/cycle-state.js';
import type { EnabledPlugin } from '../framework/framework.js';
import type { NodeInfo } from '../framework/node-info.js';
import type { PodInfo } from '../framework/pod-info.js';
import type { FrameworkHandle } from '../framework/snapshot.js';
import type { Status } from '../framework/status.js';
import { DefaultBinder } from './default-binder/default-binder.js';
import { DefaultPreemption } from './default-preemption/default-preemption.js';
import { ImageLocality } from './image-locality/image-locality.js';
import { InterPodAffinity } from './inter-pod-affinity/inter-pod-affinity.js';
import { NodeAffinity } from './node-affinity/node-affinity.js';
import { NodeName } from './node-name/node-name.js';
import { NodePorts } from './node-ports/node-ports.js';
import { NodeResourcesBalancedAllocation } from './node-resources-balanced-allocation/node-resources-balanced-allocation.js';
import { NodeResourcesFit } from './node-resources-fit/node-resources-fit.js';
import { NodeUnschedulable } from './node-unschedulable/node-unschedulable.js';
import { PodTopologySpread } from './pod-topology-spread/pod-topology-spread.js';
import { TaintToleration } from './taint-toleration/taint-toleration.js';

export interface DefaultPluginsOptions {
  readonly handle: FrameworkHandle;
  readonly client: ApiClient;
  readonly filterWithout: (state: CycleState, pod: PodInfo, node: NodeInfo, removed: readonly PodInfo[]) => Status;
  readonly preempt: (pod: PodInfo, nodeName: string, victims: readonly PodInfo[]) => void;
}

/**
 * Upstream's default profile (the plugins this scheduler has), in upstream's
 * Filter order, with its score weights.
 */
export function defaultPlugins(options: DefaultPluginsOptions): EnabledPlugin[] {
  const { handle } = options;
  return [
    { plugin: new NodeUnschedulable() },
    { plugin: new NodeName() },
    { plugin: new TaintToleration(), weight: 3 },
    { plugin: new NodeAffinity(), weight: 2 },
    { plugin: new NodePorts() },
    { plugin: new NodeResourcesFit(), weight: 1 },
    { plugin: new PodTopologySpread(handle), weight: 2 },
    { plugin: new InterPodAffinity(handle), weight: 2 },
    { plugin: new NodeResourcesBalancedAllocation(), weight: 1 },
    { plugin: new ImageLocality(handle), weight: 1 },
    { plugin: new DefaultPreemption({ handle, filterWithout: options.filterWithout, preempt: options.preempt }) },
    { plugin: new DefaultBinder(options.client) },
  ];
}
