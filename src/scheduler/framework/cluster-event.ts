/**
 * Cluster changes that may make an unschedulable pod schedulable. Each plugin names
 * the ones that can undo its rejections; the queue moves a pod only on those.
 */
export type ClusterEvent =
  | 'NodeAdd'
  | 'NodeDelete'
  | 'NodeAllocatableChange'
  | 'NodeLabelChange'
  | 'NodeTaintChange'
  | 'NodeSpecUnschedulableChange'
  | 'NodeConditionChange'
  | 'NodeImagesChange'
  | 'AssignedPodAdd'
  | 'AssignedPodUpdate'
  | 'AssignedPodDelete'
  | 'NamespaceChange'
  | 'ControllerChange';

export const ALL_NODE_CHANGES: readonly ClusterEvent[] = [
  'NodeAdd',
  'NodeAllocatableChange',
  'NodeLabelChange',
  'NodeTaintChange',
  'NodeSpecUnschedulableChange',
  'NodeConditionChange',
];
