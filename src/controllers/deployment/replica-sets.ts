import type { Deployment, ReplicaSet } from '../../api/kinds.js';
import { equalIgnoringHash } from './pod-template-hash.js';
import { ReplicaSetAnnotations } from './replica-set-annotations.js';

function created(set: ReplicaSet): string {
  return set.metadata.creationTimestamp ?? '';
}

/** Counting, ordering and picking a Deployment's ReplicaSets as upstream's deployment util does. */
export const ReplicaSets = {
  replicas(set: ReplicaSet): number {
    return set.spec?.replicas ?? 1;
  },

  /** Sets that should have pods. */
  active(sets: readonly (ReplicaSet | undefined)[]): ReplicaSet[] {
    return sets.filter((set): set is ReplicaSet => set !== undefined && ReplicaSets.replicas(set) > 0);
  },

  specReplicas(sets: readonly (ReplicaSet | undefined)[]): number {
    return sets.reduce((sum, set) => sum + (set === undefined ? 0 : ReplicaSets.replicas(set)), 0);
  },

  statusReplicas(sets: readonly (ReplicaSet | undefined)[]): number {
    return sets.reduce((sum, set) => sum + (set?.status?.replicas ?? 0), 0);
  },

  readyReplicas(sets: readonly (ReplicaSet | undefined)[]): number {
    return sets.reduce((sum, set) => sum + (set?.status?.readyReplicas ?? 0), 0);
  },

  availableReplicas(sets: readonly (ReplicaSet | undefined)[]): number {
    return sets.reduce((sum, set) => sum + (set?.status?.availableReplicas ?? 0), 0);
  },

  /**
   * Available pods a rollout may count on: a set just scaled down still reports its old
   * pods until its controller catches up, and counting more than it is meant to keep
   * would let the rollout scale down too far.
   */
  availableWithinSpec(sets: readonly (ReplicaSet | undefined)[]): number {
    return sets.reduce((sum, set) => sum + Math.min(set?.status?.availableReplicas ?? 0, set?.spec?.replicas ?? 0), 0);
  },

  /** Oldest first; equal times by name. */
  byCreation: (a: ReplicaSet, b: ReplicaSet): number => {
    if (created(a) !== created(b)) return created(a) < created(b) ? -1 : 1;
    return (a.metadata.name ?? '') < (b.metadata.name ?? '') ? -1 : (a.metadata.name ?? '') > (b.metadata.name ?? '') ? 1 : 0;
  },

  /** Larger first; equal sizes newer first (where scaling up starts). */
  bySizeNewer: (a: ReplicaSet, b: ReplicaSet): number => {
    return ReplicaSets.replicas(b) - ReplicaSets.replicas(a) || ReplicaSets.byCreation(b, a);
  },

  /** Larger first; equal sizes older first (where scaling down starts). */
  bySizeOlder: (a: ReplicaSet, b: ReplicaSet): number => {
    return ReplicaSets.replicas(b) - ReplicaSets.replicas(a) || ReplicaSets.byCreation(a, b);
  },

  /** Lowest revision first; equal revisions by creation. */
  byRevision: (a: ReplicaSet, b: ReplicaSet): number => {
    return (ReplicaSetAnnotations.revision(a) ?? 0) - (ReplicaSetAnnotations.revision(b) ?? 0) || ReplicaSets.byCreation(a, b);
  },

  /** The oldest set whose template is the deployment's (apart from the hash label). */
  findNew(deployment: Deployment, sets: readonly ReplicaSet[]): ReplicaSet | undefined {
    return [...sets].sort(ReplicaSets.byCreation).find((set) => equalIgnoringHash(set.spec?.template, deployment.spec?.template));
  },

  /** Every set but the new one. */
  findOld(deployment: Deployment, sets: readonly ReplicaSet[]): ReplicaSet[] {
    const found = ReplicaSets.findNew(deployment, sets);
    return sets.filter((set) => found === undefined || set.metadata.uid !== found.metadata.uid);
  },
};
