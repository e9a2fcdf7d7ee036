import type { Pod } from '../../api/kinds.js';
import {
  addResources,
  cloneResources,
  DEFAULT_MEMORY_REQUEST,
  DEFAULT_MILLI_CPU_REQUEST,
  emptyResources,
  maxResources,
  resourcesOf,
  type Resources,
} from './resources.js';

type ContainerLike = { resources?: { requests?: Record<string, string | number> }; restartPolicy?: string };

/**
 * What a pod asks of a node, as upstream's resource helper counts it: the sum of its
 * containers and sidecars (restartable init containers), or more if an init container
 * running beside the sidecars started before it needs more, plus the pod overhead.
 * With `nonZero`, containers that request no CPU or memory count upstream's defaults
 * (for scoring only).
 */
export function podRequests(pod: Pod, nonZero = false): Resources {
  const spec = pod.spec;
  const total = emptyResources();
  for (const container of (spec?.containers ?? []) as ContainerLike[]) addResources(total, containerRequests(container, nonZero));
  const sidecars = emptyResources();
  const initPeak = emptyResources();
  for (const container of (spec?.initContainers ?? []) as ContainerLike[]) {
    const requests = containerRequests(container, nonZero);
    if (container.restartPolicy === 'Always') {
      addResources(total, requests);
      addResources(sidecars, requests);
      maxResources(initPeak, sidecars);
    } else {
      const running = cloneResources(requests);
      addResources(running, sidecars);
      maxResources(initPeak, running);
    }
  }
  maxResources(total, initPeak);
  addResources(total, resourcesOf(spec?.overhead));
  return total;
}

function containerRequests(container: ContainerLike, nonZero: boolean): Resources {
  const requests = resourcesOf(container.resources?.requests);
  if (nonZero) {
    const declared = container.resources?.requests ?? {};
    if (!('cpu' in declared)) requests.milliCpu = DEFAULT_MILLI_CPU_REQUEST;
    if (!('memory' in declared)) requests.memory = DEFAULT_MEMORY_REQUEST;
  }
  return requests;
}
