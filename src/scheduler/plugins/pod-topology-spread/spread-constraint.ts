import type { ITopologySpreadConstraint } from 'kubernetes-models/v1/TopologySpreadConstraint';
import { fromLabelSelector, LabelSelector } from '../../../api/label-selector.js';
import type { LabelRequirement } from '../../../api/label-requirement.js';
import type { NodeInfo } from '../../framework/node-info.js';
import type { PodInfo } from '../../framework/pod-info.js';
import type { RequiredNodeAffinity } from '../../framework/required-node-affinity.js';
import { firstUntoleratedTaint } from '../../framework/tolerations.js';

export const HOSTNAME_KEY = 'kubernetes.io/hostname';
export const ZONE_KEY = 'topology.kubernetes.io/zone';
const TAINT_EFFECTS: ReadonlySet<string> = new Set(['NoSchedule', 'NoExecute']);

/** A topology spread constraint with its selector parsed (matchLabelKeys folded in). */
export interface SpreadConstraint {
  readonly maxSkew: number;
  readonly topologyKey: string;
  readonly selector: LabelSelector;
  readonly minDomains: number;
  readonly honorNodeAffinity: boolean;
  readonly honorTaints: boolean;
}

export function parseConstraints(pod: PodInfo, whenUnsatisfiable: 'DoNotSchedule' | 'ScheduleAnyway'): SpreadConstraint[] {
  return (pod.pod.spec?.topologySpreadConstraints ?? [])
    .filter((constraint) => constraint.whenUnsatisfiable === whenUnsatisfiable)
    .map((constraint) => parseConstraint(constraint, pod));
}

function parseConstraint(constraint: ITopologySpreadConstraint, pod: PodInfo): SpreadConstraint {
  let selector = fromLabelSelector(constraint.labelSelector).selector ?? LabelSelector.nothing;
  const keys = constraint.matchLabelKeys ?? [];
  if (keys.length > 0 && !selector.isNothing()) {
    const extra: LabelRequirement[] = keys.flatMap((key) => {
      const value = pod.labels[key];
      return value === undefined ? [] : [{ key, operator: 'in' as const, values: [value] }];
    });
    selector = LabelSelector.of([...selector.requirements, ...extra]);
  }
  return {
    maxSkew: constraint.maxSkew,
    topologyKey: constraint.topologyKey,
    selector,
    minDomains: constraint.minDomains ?? 1,
    honorNodeAffinity: (constraint.nodeAffinityPolicy ?? 'Honor') === 'Honor',
    honorTaints: constraint.nodeTaintsPolicy === 'Honor',
  };
}

/** Upstream's system default constraints, for pods that set none: spread by host and zone, softly. */
export function defaultConstraints(selector: LabelSelector): SpreadConstraint[] {
  const common = { selector, minDomains: 1, honorNodeAffinity: true, honorTaints: false };
  return [
    { ...common, maxSkew: 3, topologyKey: HOSTNAME_KEY },
    { ...common, maxSkew: 5, topologyKey: ZONE_KEY },
  ];
}

/** Whether a node's pods count towards the constraints (node inclusion policies). */
export function nodeCounts(node: NodeInfo, constraints: readonly SpreadConstraint[], pod: PodInfo, affinity: RequiredNodeAffinity): boolean {
  for (const constraint of constraints) {
    if (constraint.honorNodeAffinity && !affinity.matches(node)) return false;
    if (constraint.honorTaints && firstUntoleratedTaint(node.taints, pod.tolerations, TAINT_EFFECTS) !== undefined) return false;
  }
  return true;
}

/** How many pods on the node (in the pod's namespace, not terminating) the selector matches. */
export function countMatching(node: NodeInfo, selector: LabelSelector, namespace: string): number {
  let count = 0;
  for (const existing of node.pods.values()) {
    if (existing.namespace !== namespace || existing.pod.metadata.deletionTimestamp !== undefined) continue;
    if (selector.matches(existing.labels)) count++;
  }
  return count;
}
