import type { Deployment, ReplicaSet } from '../../api/kinds.js';
import { desiredReplicas, rolloutLimits } from './rollout-limits.js';

export const REVISION_ANNOTATION = 'deployment.kubernetes.io/revision';
export const REVISION_HISTORY_ANNOTATION = 'deployment.kubernetes.io/revision-history';
export const DESIRED_REPLICAS_ANNOTATION = 'deployment.kubernetes.io/desired-replicas';
export const MAX_REPLICAS_ANNOTATION = 'deployment.kubernetes.io/max-replicas';

/** Upstream's default --deployment-controller max length of the revision-history annotation. */
const MAX_REVISION_HISTORY_CHARS = 2000;

/** Deployment annotations that are not copied to its ReplicaSets. */
const NOT_COPIED = new Set([
  'kubectl.kubernetes.io/last-applied-configuration',
  REVISION_ANNOTATION,
  REVISION_HISTORY_ANNOTATION,
  DESIRED_REPLICAS_ANNOTATION,
  MAX_REPLICAS_ANNOTATION,
  'deprecated.deployment.rollback.to',
]);

function integerAnnotation(set: ReplicaSet, name: string): number | undefined {
  const text = set.metadata.annotations?.[name];
  if (text === undefined || !/^-?\d+$/.test(text)) return undefined;
  return Number(text);
}

/** The deployment.kubernetes.io annotations of a Deployment's ReplicaSets. */
export const ReplicaSetAnnotations = {
  revision(set: ReplicaSet): number | undefined {
    return integerAnnotation(set, REVISION_ANNOTATION);
  },

  maxRevision(sets: readonly ReplicaSet[]): number {
    return Math.max(0, ...sets.map((set) => ReplicaSetAnnotations.revision(set) ?? 0));
  },

  desiredReplicas(set: ReplicaSet): number | undefined {
    return integerAnnotation(set, DESIRED_REPLICAS_ANNOTATION);
  },

  maxReplicas(set: ReplicaSet): number | undefined {
    return integerAnnotation(set, MAX_REPLICAS_ANNOTATION);
  },

  replicasNeedUpdate(set: ReplicaSet, deployment: Deployment): boolean {
    const desired = desiredReplicas(deployment);
    const annotations = set.metadata.annotations ?? {};
    return annotations[DESIRED_REPLICAS_ANNOTATION] !== String(desired) || annotations[MAX_REPLICAS_ANNOTATION] !== String(desired + rolloutLimits(deployment).maxSurge);
  },

  /** Records the deployment's size and its size with surge, which proportional scaling reads later. */
  setReplicas(set: ReplicaSet, deployment: Deployment): boolean {
    if (!ReplicaSetAnnotations.replicasNeedUpdate(set, deployment)) return false;
    const desired = desiredReplicas(deployment);
    set.metadata.annotations = {
      ...set.metadata.annotations,
      [DESIRED_REPLICAS_ANNOTATION]: String(desired),
      [MAX_REPLICAS_ANNOTATION]: String(desired + rolloutLimits(deployment).maxSurge),
    };
    return true;
  },

  /**
   * Gives the deployment's new ReplicaSet its annotations (edits `set`): the
   * deployment's own, a revision above every old set's (remembering the revisions it
   * had before in revision-history, as when a rollback re-uses it) and, for a set
   * about to be created, the replicas annotations. Returns whether anything changed.
   */
  setNewReplicaSet(set: ReplicaSet, deployment: Deployment, newRevision: number, exists: boolean): boolean {
    const annotations = { ...set.metadata.annotations };
    let changed = false;
    for (const [name, value] of Object.entries(deployment.metadata.annotations ?? {})) {
      if (NOT_COPIED.has(name) || annotations[name] === value) continue;
      annotations[name] = value;
      changed = true;
    }
    const previousText = annotations[REVISION_ANNOTATION];
    const previous = previousText === undefined ? 0 : /^\d+$/.test(previousText) ? Number(previousText) : undefined;
    if (previous === undefined) return false;
    if (previous < newRevision) {
      annotations[REVISION_ANNOTATION] = String(newRevision);
      changed = true;
      if (previousText !== undefined) {
        const history = annotations[REVISION_HISTORY_ANNOTATION];
        const kept = appendRevision(history, previousText);
        if (kept !== undefined) annotations[REVISION_HISTORY_ANNOTATION] = kept;
      }
    }
    set.metadata.annotations = annotations;
    if (!exists && ReplicaSetAnnotations.setReplicas(set, deployment)) changed = true;
    return changed;
  },
};

/** Adds `revision` to a comma-separated history, dropping the oldest entries beyond the length limit. */
function appendRevision(history: string | undefined, revision: string): string | undefined {
  if (history === undefined || history === '') return revision;
  const entries = history.split(',');
  let length = history.length + revision.length + 1;
  let start = 0;
  while (length > MAX_REVISION_HISTORY_CHARS && start < entries.length) {
    length -= (entries[start]?.length ?? 0) + 1;
    start++;
  }
  if (length > MAX_REVISION_HISTORY_CHARS) return undefined;
  return [...entries.slice(start), revision].join(',');
}
