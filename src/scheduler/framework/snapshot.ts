import type { LabelSelector } from '../../api/label-selector.js';
import type { NamespaceLabels } from './affinity-term.js';
import type { NodeInfo } from './node-info.js';
import type { PodInfo } from './pod-info.js';

/**
 * The cluster as one scheduling cycle sees it. The scheduler runs a cycle to the end
 * without yielding, so this is the live cache, not a copy: nothing changes under a cycle.
 */
export interface Snapshot {
  /** Every node with a Node object, in a stable order. */
  readonly nodes: readonly NodeInfo[];
  get(name: string): NodeInfo | undefined;
  /** Pods on all nodes with any (anti-)affinity term, and with required anti-affinity. */
  readonly podsWithAffinity: number;
  readonly podsWithRequiredAntiAffinity: number;
  /** On how many nodes an image (normalized name) is present. */
  imageNodeCount(image: string): number;
}

/** What plugins may use besides the snapshot. */
export interface FrameworkHandle {
  readonly snapshot: Snapshot;
  readonly namespaceLabels: NamespaceLabels;
  /**
   * The selector of the Services and controller (ReplicaSet, StatefulSet) a pod
   * belongs to, for default spreading; undefined when none select it.
   */
  readonly defaultSelector: (pod: PodInfo) => LabelSelector | undefined;
}
