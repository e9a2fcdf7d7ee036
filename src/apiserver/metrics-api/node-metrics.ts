import type { ApiObject } from '../../api/object.js';
import type { ResourceUsage } from '../../api/resource-usage-summary.js';
import { metricsUsage, metricsWindow } from './metrics-usage.js';

export const METRICS_API_VERSION = 'metrics.k8s.io/v1beta1';

/** A NodeMetrics object as metrics-server answers it: the node's name and labels, and its usage over the window. */
export function nodeMetrics(node: ApiObject, usage: ResourceUsage, now: string): ApiObject {
  return {
    kind: 'NodeMetrics',
    apiVersion: METRICS_API_VERSION,
    metadata: { name: node.metadata.name ?? '', creationTimestamp: now, ...(node.metadata.labels === undefined ? {} : { labels: node.metadata.labels }) },
    timestamp: usage.timestamp.replace(/\.\d+Z$/, 'Z'),
    window: metricsWindow(usage.windowSeconds),
    usage: metricsUsage(usage),
  };
}
