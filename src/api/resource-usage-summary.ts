/**
 * What an agent answers on `GET /stats/resource` (JSON): the node's and its running
 * containers' CPU and memory, each usage measured over a window. It is Tugboat's own
 * shape, named after the kubelet's Summary API (`/stats/summary`) fields:
 *
 * ```json
 * { "node": { "timestamp": "2026-11-26T00:00:00.123Z", "windowSeconds": 10.01,
 *             "cpu": { "usageNanoCores": 250000000 }, "memory": { "workingSetBytes": 734003200 } },
 *   "pods": [ { "podRef": { "namespace": "default", "name": "web", "uid": "..." },
 *               "containers": [ { "name": "app", "timestamp": "...", "windowSeconds": 10.01,
 *                                 "cpu": { "usageNanoCores": 1000000 }, "memory": { "workingSetBytes": 1048576 } } ] } ] }
 * ```
 *
 * `usageNanoCores` is CPU time used per second of the window, in nanoseconds (1e9 is
 * one core); `workingSetBytes` is memory usage minus inactive file pages, as the
 * kubelet reports it. A container whose usage is not known yet is left out.
 */
export interface ResourceUsageSummary {
  readonly node: ResourceUsage;
  readonly pods: readonly PodResourceUsage[];
}

export interface ResourceUsage {
  /** When the window ended (RFC 3339 with milliseconds). */
  readonly timestamp: string;
  readonly windowSeconds: number;
  readonly cpu: { readonly usageNanoCores: number };
  readonly memory: { readonly workingSetBytes: number };
}

export interface PodResourceUsage {
  readonly podRef: { readonly namespace: string; readonly name: string; readonly uid: string };
  readonly containers: readonly ContainerResourceUsage[];
}

export interface ContainerResourceUsage extends ResourceUsage {
  readonly name: string;
}

/** The agent's path of the summary. */
export const RESOURCE_USAGE_PATH = '/stats/resource';
