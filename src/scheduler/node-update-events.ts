import type { Node } from '../api/kinds.js';
import type { ClusterEvent } from './framework/cluster-event.js';

/** Which scheduling-relevant parts of a node changed (a status heartbeat changes none). */
export function nodeUpdateEvents(previous: Node, current: Node): ClusterEvent[] {
  const events: ClusterEvent[] = [];
  const differs = (read: (node: Node) => unknown): boolean => JSON.stringify(read(previous)) !== JSON.stringify(read(current));
  if (differs((node) => node.status?.allocatable)) events.push('NodeAllocatableChange');
  if (differs((node) => node.metadata.labels)) events.push('NodeLabelChange');
  if (differs((node) => node.spec?.taints)) events.push('NodeTaintChange');
  if ((previous.spec?.unschedulable === true) !== (current.spec?.unschedulable === true)) events.push('NodeSpecUnschedulableChange');
  if (differs((node) => (node.status?.conditions ?? []).map((condition) => `${condition.type}=${condition.status}`))) events.push('NodeConditionChange');
  if (differs((node) => node.status?.images)) events.push('NodeImagesChange');
  return events;
}
