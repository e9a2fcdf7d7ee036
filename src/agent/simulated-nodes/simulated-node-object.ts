import { createHash } from 'node:crypto';
import type { INodeCondition } from 'kubernetes-models/v1/NodeCondition';
import type { Node } from '../../api/kinds.js';
import { nodeInternalIp, nodePodCidr } from './node-addresses.js';

export interface NodeShape {
  readonly cpu: string;
  readonly memory: string;
  readonly pods: number;
  readonly arch: string;
  /** Zones to spread nodes over (label topology.kubernetes.io/zone); 0 for none. */
  readonly zones: number;
}

export const SIMULATED_KUBELET_VERSION = 'v1.32.0';
export const SIMULATED_NODE_ANNOTATION = 'tugboat.dev/simulated';

/** The kubelet's conditions of a healthy node, heartbeat `now`, Ready since `readySince`. */
export function healthyConditions(now: string, readySince: string): INodeCondition[] {
  const condition = (type: string, status: string, reason: string, message: string): INodeCondition => ({
    type,
    status,
    reason,
    message,
    lastHeartbeatTime: now,
    lastTransitionTime: readySince,
  });
  return [
    condition('MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'),
    condition('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
    condition('PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'),
    condition('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'),
  ];
}

/** The status a simulated kubelet reports for node `index`. */
export function simulatedNodeStatus(name: string, index: number, shape: NodeShape, now: string, readySince: string): NonNullable<Node['status']> {
  const resources = { cpu: shape.cpu, memory: shape.memory, pods: String(shape.pods), 'ephemeral-storage': '100Gi' };
  const id = createHash('sha256').update(name).digest('hex');
  return {
    capacity: resources,
    allocatable: resources,
    conditions: healthyConditions(now, readySince),
    addresses: [
      { type: 'InternalIP', address: nodeInternalIp(index) },
      { type: 'Hostname', address: name },
    ],
    daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
    nodeInfo: {
      machineID: id.slice(0, 32),
      systemUUID: `${id.slice(0, 8)}-${id.slice(8, 12)}-${id.slice(12, 16)}-${id.slice(16, 20)}-${id.slice(20, 32)}`,
      bootID: id.slice(32, 64),
      kernelVersion: '6.1.0-simulated',
      osImage: 'Tugboat simulated node',
      containerRuntimeVersion: 'sim://1.0.0',
      kubeletVersion: SIMULATED_KUBELET_VERSION,
      kubeProxyVersion: SIMULATED_KUBELET_VERSION,
      operatingSystem: 'linux',
      architecture: shape.arch,
    },
  };
}

/** A Node object for simulated node `index`, as a kubelet registers it. */
export function simulatedNode(name: string, index: number, shape: NodeShape, now: string): Node {
  const labels: Record<string, string> = {
    'kubernetes.io/hostname': name,
    'kubernetes.io/os': 'linux',
    'kubernetes.io/arch': shape.arch,
    'beta.kubernetes.io/os': 'linux',
    'beta.kubernetes.io/arch': shape.arch,
    'node.kubernetes.io/instance-type': 'simulated',
  };
  if (shape.zones > 0) labels['topology.kubernetes.io/zone'] = `zone-${index % shape.zones}`;
  const podCIDR = nodePodCidr(index);
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels, annotations: { 'node.alpha.kubernetes.io/ttl': '0', [SIMULATED_NODE_ANNOTATION]: 'true' } },
    spec: { podCIDR, podCIDRs: [podCIDR], providerID: `sim://${name}` },
    status: simulatedNodeStatus(name, index, shape, now, now),
  };
}
