import type { Pod } from '../../api/kinds.js';
import { Quantity } from '../../api/quantity.js';
import type { ContainerResources } from '../runtime/container-runtime.js';
import type { PodContainer } from '../volumes/pod-volumes.js';

const CPU_PERIOD_US = 100_000;
const MIN_SHARES = 2;

/** The QoS class as upstream computes it from requests and limits. */
export function qosClass(pod: Pod): 'Guaranteed' | 'Burstable' | 'BestEffort' {
  const containers = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])];
  let any = false;
  let guaranteed = true;
  for (const container of containers) {
    const requests = container.resources?.requests ?? {};
    const limits = container.resources?.limits ?? {};
    for (const resource of ['cpu', 'memory']) {
      const request = requests[resource] ?? limits[resource];
      const limit = limits[resource];
      if (request !== undefined && !Quantity.from(request).isZero()) any = true;
      if (limit !== undefined && !Quantity.from(limit).isZero()) any = true;
      if (limit === undefined || request === undefined || !Quantity.from(request).equals(Quantity.from(limit))) guaranteed = false;
    }
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

/**
 * CPU shares from the request, CFS quota from the limit, the memory limit, and an
 * OOM score from the QoS class, as the kubelet sets them. The score is never
 * negative here: this machine's containerd refuses to lower it.
 */
export function containerResources(pod: Pod, container: PodContainer, nodeMemoryBytes: number): ContainerResources {
  const requests = container.resources?.requests ?? {};
  const limits = container.resources?.limits ?? {};
  const cpuRequest = requests.cpu ?? limits.cpu;
  const milliCpu = cpuRequest === undefined ? 0 : Quantity.from(cpuRequest).milliValue();
  const resources: { cpuShares: number; cpuPeriod?: number; cpuQuota?: number; memoryLimitBytes?: number; oomScoreAdj: number } = {
    cpuShares: Math.max(MIN_SHARES, Math.floor((milliCpu * 1024) / 1000)),
    oomScoreAdj: oomScoreAdj(pod, container, nodeMemoryBytes),
  };
  if (limits.cpu !== undefined) {
    resources.cpuPeriod = CPU_PERIOD_US;
    resources.cpuQuota = Math.max(1000, Math.floor((Quantity.from(limits.cpu).milliValue() * CPU_PERIOD_US) / 1000));
  }
  if (limits.memory !== undefined) resources.memoryLimitBytes = Quantity.from(limits.memory).value();
  return resources;
}

function oomScoreAdj(pod: Pod, container: PodContainer, nodeMemoryBytes: number): number {
  switch (qosClass(pod)) {
    case 'Guaranteed':
      return 0;
    case 'BestEffort':
      return 1000;
    case 'Burstable': {
      const request = container.resources?.requests?.memory;
      const bytes = request === undefined ? 0 : Quantity.from(request).value();
      const score = 1000 - Math.floor((1000 * bytes) / Math.max(1, nodeMemoryBytes));
      return Math.min(999, Math.max(2, score));
    }
  }
}
