import type { ApiObject } from '../../api/object.js';
import type { PodResourceUsage } from '../../api/resource-usage-summary.js';
import { metricsUsage, metricsWindow } from './metrics-usage.js';
import { METRICS_API_VERSION } from './node-metrics.js';

/**
 * A PodMetrics object as metrics-server answers it: the pod's name, namespace and
 * labels, the newest container timestamp, the longest window, and each container's usage.
 */
export function podMetrics(pod: ApiObject, usage: PodResourceUsage, now: string): ApiObject {
  const containers = [...usage.containers].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const timestamp = containers.map((container) => container.timestamp).sort().at(-1) ?? now;
  const window = Math.max(0, ...containers.map((container) => container.windowSeconds));
  return {
    kind: 'PodMetrics',
    apiVersion: METRICS_API_VERSION,
    metadata: {
      name: pod.metadata.name ?? '',
      namespace: pod.metadata.namespace ?? '',
      creationTimestamp: now,
      ...(pod.metadata.labels === undefined ? {} : { labels: pod.metadata.labels }),
    },
    timestamp: timestamp.replace(/\.\d+Z$/, 'Z'),
    window: metricsWindow(window),
    containers: containers.map((container) => ({ name: container.name, usage: metricsUsage(container) })),
  };
}
