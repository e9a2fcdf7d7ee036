import type { IToleration } from 'kubernetes-models/v1/Toleration';
import type { Pod } from '../../api/kinds.js';
import { objectKey } from '../../client/object-key.js';
import { affinityTerms, type AffinityTerm, weightedAffinityTerms } from './affinity-term.js';
import { podRequests } from './pod-requests.js';
import type { Resources } from './resources.js';

export interface HostPort {
  readonly ip: string;
  readonly protocol: string;
  readonly port: number;
}

/**
 * A pod with what scheduling reads from it computed once: requests, host ports,
 * parsed affinity terms. Shared by the queue, the cache and every plugin.
 */
export class PodInfo {
  readonly pod: Pod;
  readonly key: string;
  readonly uid: string;
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly priority: number;
  readonly requests: Resources;
  /** CPU and memory with upstream's defaults for containers that request none (for scoring). */
  readonly nonZeroMilliCpu: number;
  readonly nonZeroMemory: number;
  readonly hostPorts: readonly HostPort[];
  readonly tolerations: readonly IToleration[];
  readonly requiredAffinity: readonly AffinityTerm[];
  readonly requiredAntiAffinity: readonly AffinityTerm[];
  readonly preferredAffinity: readonly AffinityTerm[];
  readonly preferredAntiAffinity: readonly AffinityTerm[];

  constructor(pod: Pod) {
    this.pod = pod;
    this.key = objectKey(pod);
    this.uid = pod.metadata.uid ?? this.key;
    this.namespace = pod.metadata.namespace ?? 'default';
    this.labels = pod.metadata.labels ?? {};
    this.priority = pod.spec?.priority ?? 0;
    this.requests = podRequests(pod);
    const nonZero = podRequests(pod, true);
    this.nonZeroMilliCpu = nonZero.milliCpu;
    this.nonZeroMemory = nonZero.memory;
    this.hostPorts = hostPortsOf(pod);
    this.tolerations = pod.spec?.tolerations ?? [];
    const affinity = pod.spec?.affinity;
    this.requiredAffinity = affinityTerms(affinity?.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution, this.namespace);
    this.requiredAntiAffinity = affinityTerms(affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution, this.namespace);
    this.preferredAffinity = weightedAffinityTerms(affinity?.podAffinity?.preferredDuringSchedulingIgnoredDuringExecution, this.namespace);
    this.preferredAntiAffinity = weightedAffinityTerms(affinity?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution, this.namespace);
  }

  /** The same pod placed on `nodeName`, without recomputing anything (for assuming it). */
  assumedOn(nodeName: string): PodInfo {
    const pod: Pod = { ...this.pod, spec: { containers: [], ...this.pod.spec, nodeName } };
    return Object.assign(Object.create(PodInfo.prototype) as PodInfo, this, { pod });
  }

  get nodeName(): string {
    return this.pod.spec?.nodeName ?? '';
  }

  get hasAffinity(): boolean {
    return this.requiredAffinity.length + this.requiredAntiAffinity.length + this.preferredAffinity.length + this.preferredAntiAffinity.length > 0;
  }
}

function hostPortsOf(pod: Pod): HostPort[] {
  const ports: HostPort[] = [];
  const containers = [...(pod.spec?.initContainers ?? []).filter((c) => c.restartPolicy === 'Always'), ...(pod.spec?.containers ?? [])];
  for (const container of containers) {
    for (const port of container.ports ?? []) {
      const hostPort = port.hostPort ?? 0;
      if (hostPort <= 0) continue;
      ports.push({ ip: port.hostIP ?? '0.0.0.0', protocol: port.protocol ?? 'TCP', port: hostPort });
    }
  }
  return ports;
}
