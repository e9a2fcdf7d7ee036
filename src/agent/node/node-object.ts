import type { Node } from '../../api/kinds.js';
import type { MachineInfo } from './machine-info.js';

export const KUBELET_VERSION = 'v1.32.0-tug';
/** Pods a kubelet admits by default (--max-pods). */
export const MAX_PODS = 110;

export interface NodeIdentity {
  readonly name: string;
  readonly nodeIp: string;
  readonly machine: MachineInfo;
  readonly containerRuntimeVersion: string;
  readonly kubeletPort: number;
  readonly extraLabels?: Readonly<Record<string, string>>;
}

export function nodeLabels(identity: NodeIdentity): Record<string, string> {
  const { architecture } = identity.machine;
  return {
    'kubernetes.io/hostname': identity.name,
    'kubernetes.io/os': 'linux',
    'kubernetes.io/arch': architecture,
    'beta.kubernetes.io/os': 'linux',
    'beta.kubernetes.io/arch': architecture,
    ...(identity.extraLabels ?? {}),
  };
}

/** Everything of node.status a kubelet owns except the conditions. */
export function nodeStatusBase(identity: NodeIdentity): Omit<NonNullable<Node['status']>, 'conditions'> {
  const { machine } = identity;
  const resources = {
    cpu: String(machine.cpuCores),
    memory: `${Math.floor(machine.memoryBytes / 1024)}Ki`,
    pods: String(MAX_PODS),
    'ephemeral-storage': `${Math.floor(machine.ephemeralStorageBytes / 1024)}Ki`,
  };
  return {
    capacity: resources,
    allocatable: resources,
    addresses: [
      { type: 'InternalIP', address: identity.nodeIp },
      { type: 'Hostname', address: identity.name },
    ],
    daemonEndpoints: { kubeletEndpoint: { Port: identity.kubeletPort } },
    nodeInfo: {
      machineID: machine.machineId,
      systemUUID: machine.systemUuid,
      bootID: machine.bootId,
      kernelVersion: machine.kernelVersion,
      osImage: machine.osImage,
      containerRuntimeVersion: identity.containerRuntimeVersion,
      kubeletVersion: KUBELET_VERSION,
      kubeProxyVersion: KUBELET_VERSION,
      operatingSystem: 'linux',
      architecture: machine.architecture,
    },
  };
}
