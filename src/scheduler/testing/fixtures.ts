import type { ITaint } from 'kubernetes-models/v1/Taint';
import type { Node, Pod } from '../../api/kinds.js';
import { SchedulerCache } from '../cache/scheduler-cache.js';
import type { NodeInfo } from '../framework/node-info.js';
import { PodInfo } from '../framework/pod-info.js';
import type { FrameworkHandle } from '../framework/snapshot.js';

/** Object builders for scheduler tests (upstream's pkg/scheduler/testing wrappers, in small). */
export interface NodeSpec {
  readonly cpu?: string;
  readonly memory?: string;
  readonly pods?: number;
  readonly labels?: Record<string, string>;
  readonly taints?: ITaint[];
  readonly unschedulable?: boolean;
  readonly images?: { names: string[]; sizeBytes: number }[];
}

export function makeNode(name: string, spec: NodeSpec = {}): Node {
  const capacity = { cpu: spec.cpu ?? '4', memory: spec.memory ?? '8Gi', pods: String(spec.pods ?? 110) };
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name, ...spec.labels } },
    spec: { ...(spec.taints === undefined ? {} : { taints: spec.taints }), ...(spec.unschedulable === true ? { unschedulable: true } : {}) },
    status: {
      capacity,
      allocatable: capacity,
      conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' }],
      ...(spec.images === undefined ? {} : { images: spec.images }),
    },
  };
}

export type PodSpec = NonNullable<Pod['spec']>;

export interface PodOptions {
  readonly namespace?: string;
  readonly labels?: Record<string, string>;
  readonly cpu?: string;
  readonly memory?: string;
  readonly nodeName?: string;
  readonly priority?: number;
  readonly spec?: Partial<PodSpec>;
}

export function makePod(name: string, options: PodOptions = {}): Pod {
  const requests: Record<string, string> = {};
  if (options.cpu !== undefined) requests.cpu = options.cpu;
  if (options.memory !== undefined) requests.memory = options.memory;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: options.namespace ?? 'default', uid: `uid-${name}`, labels: options.labels ?? {} },
    spec: {
      containers: [{ name: 'app', image: 'registry.example/app:1', ...(Object.keys(requests).length === 0 ? {} : { resources: { requests } }) }],
      ...(options.nodeName === undefined ? {} : { nodeName: options.nodeName }),
      ...(options.priority === undefined ? {} : { priority: options.priority }),
      ...options.spec,
    },
  };
}

/** A cache holding these nodes and (bound) pods, with a handle over it for plugins. */
export function makeCluster(nodes: readonly Node[], pods: readonly Pod[] = []): { cache: SchedulerCache; handle: FrameworkHandle; node: (name: string) => NodeInfo } {
  const cache = new SchedulerCache();
  for (const node of nodes) cache.setNode(node);
  for (const pod of pods) cache.addPod(new PodInfo(pod));
  const handle: FrameworkHandle = { snapshot: cache, namespaceLabels: () => undefined, defaultSelector: () => undefined };
  return {
    cache,
    handle,
    node: (name) => {
      const info = cache.get(name);
      if (info === undefined) throw new Error(`no node ${name}`);
      return info;
    },
  };
}
