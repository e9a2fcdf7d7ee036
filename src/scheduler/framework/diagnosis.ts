import type { Status } from './status.js';

/** Why a pod fits no node: each rejected node's status, and which plugins rejected it. */
export interface Diagnosis {
  readonly numAllNodes: number;
  readonly nodeToStatus: Map<string, Status>;
  readonly unschedulablePlugins: Set<string>;
  /** Set when a PreFilter rejected the pod for every node. */
  preFilterMessage: string;
  /** Set by PostFilter (preemption) when it could not help. */
  postFilterMessage: string;
}

export function emptyDiagnosis(numAllNodes: number): Diagnosis {
  return { numAllNodes, nodeToStatus: new Map(), unschedulablePlugins: new Set(), preFilterMessage: '', postFilterMessage: '' };
}

/**
 * The message users see, shaped as upstream's FitError:
 * `0/3 nodes are available: 1 node(s) had untolerated taint {a: b}, 2 Insufficient cpu. preemption: ...`.
 * Reasons are counted over nodes and sorted as strings, count included.
 */
export function fitErrorMessage(diagnosis: Diagnosis): string {
  let message = `0/${diagnosis.numAllNodes} nodes are available:`;
  if (diagnosis.preFilterMessage !== '') {
    message += ` ${diagnosis.preFilterMessage}.`;
  } else {
    const histogram = reasonHistogram(diagnosis.nodeToStatus.values());
    if (histogram.length > 0) message += ` ${histogram.join(', ')}.`;
  }
  if (diagnosis.postFilterMessage !== '') message += ` ${diagnosis.postFilterMessage}.`;
  return message;
}

/** `N reason` for every distinct reason over `statuses`, sorted as strings. */
export function reasonHistogram(statuses: Iterable<Status>): string[] {
  const counts = new Map<string, number>();
  for (const status of statuses) {
    for (const reason of status.reasons) counts.set(reason, (counts.get(reason) ?? 0) + 1);
  }
  return [...counts].map(([reason, count]) => `${count} ${reason}`).sort();
}
