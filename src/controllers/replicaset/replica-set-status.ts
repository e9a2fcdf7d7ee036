import type { Pod, ReplicaSet } from '../../api/kinds.js';
import type { LabelSelector } from '../../api/label-selector.js';
import { rfc3339 } from '../../util/clock.js';
import { PodState } from './pod-state.js';

export type ReplicaSetStatus = NonNullable<ReplicaSet['status']>;

export interface ReplicaSetStatusInput {
  readonly set: ReplicaSet;
  /** The set's active pods. */
  readonly pods: readonly Pod[];
  /** The template's labels as a selector, for fullyLabeledReplicas. */
  readonly templateLabels: LabelSelector;
  /** Why creating or deleting pods failed in this sync, if it did. */
  readonly manageError: Error | undefined;
  readonly now: number;
}

/** The status a ReplicaSet reports for its active pods, with the ReplicaFailure condition. */
export function replicaSetStatus(input: ReplicaSetStatusInput): ReplicaSetStatus {
  const { set, pods, templateLabels, manageError, now } = input;
  const minReadySeconds = set.spec?.minReadySeconds ?? 0;
  const ready = pods.filter((pod) => PodState.isReady(pod));
  let conditions = [...(set.status?.conditions ?? [])];
  const failure = conditions.find((condition) => condition.type === 'ReplicaFailure');
  if (manageError !== undefined && failure === undefined) {
    const diff = pods.length - (set.spec?.replicas ?? 1);
    const reason = diff < 0 ? 'FailedCreate' : diff > 0 ? 'FailedDelete' : '';
    conditions.push({ type: 'ReplicaFailure', status: 'True', lastTransitionTime: rfc3339(now), reason, message: manageError.message });
  } else if (manageError === undefined && failure !== undefined) {
    conditions = conditions.filter((condition) => condition.type !== 'ReplicaFailure');
  }
  return {
    replicas: pods.length,
    fullyLabeledReplicas: pods.filter((pod) => templateLabels.matches(pod.metadata.labels)).length,
    readyReplicas: ready.length,
    availableReplicas: ready.filter((pod) => PodState.isAvailable(pod, minReadySeconds, now)).length,
    observedGeneration: set.metadata.generation ?? 0,
    ...(conditions.length === 0 ? {} : { conditions }),
  };
}
