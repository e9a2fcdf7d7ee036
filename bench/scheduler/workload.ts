import type { Node, Pod } from '../../src/api/kinds.js';

export const NODE_COUNT = 5000;
export const CREATORS = 50;
export const NAMESPACE = 'sched-bench';
/** Pods per case; TUG_BENCH_SCHEDULER_PODS=10000,50000 runs more than the default. */
export function podCases(): number[] {
  const text = process.env.TUG_BENCH_SCHEDULER_PODS ?? '10000';
  return text.split(',').map((part) => Number.parseInt(part.trim(), 10)).filter((count) => Number.isInteger(count) && count > 0);
}

const ZONES = ['zone-a', 'zone-b', 'zone-c'];

/** Like scheduler_perf's node-default: 4 CPUs, 32Gi, 110 pods, Ready; spread over 3 zones. */
export function benchNode(index: number): Node {
  const name = `sched-node-${index}`;
  const capacity = { cpu: '4', memory: '32Gi', pods: '110' };
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name, 'topology.kubernetes.io/zone': ZONES[index % ZONES.length] ?? 'zone-a' } },
    spec: {},
    status: { capacity, allocatable: capacity, conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady' }] },
  };
}

/** Like scheduler_perf's pod-default: one pause container requesting 100m CPU and 500Mi. */
export function benchPod(name: string): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: NAMESPACE, labels: { app: 'sched-bench' } },
    spec: { containers: [{ name: 'pause', image: 'registry.k8s.io/pause:3.10', resources: { requests: { cpu: '100m', memory: '500Mi' } } }] },
  };
}
