import type { Pod, StatefulSet } from '../../api/kinds.js';
import { PodReadiness } from '../util/pod-readiness.js';
import type { ResolvedRevisions } from './stateful-set-revisions.js';
import { StatefulPodIdentity } from './stateful-pod-identity.js';

export type StatefulSetStatus = NonNullable<StatefulSet['status']>;

export interface ComputedStatus {
  readonly status: StatefulSetStatus;
  /** When a ready pod will become available (minReadySeconds), so the set is looked at again then. */
  readonly nextAvailableAt: number | undefined;
}

/** The status upstream reports for the set's pods, after a finished rolling update moves current to update. */
export function statefulSetStatus(set: StatefulSet, pods: readonly Pod[], revisions: ResolvedRevisions, now: number): ComputedStatus {
  const minReadySeconds = set.spec?.minReadySeconds ?? 0;
  let replicas = 0;
  let readyReplicas = 0;
  let availableReplicas = 0;
  let currentReplicas = 0;
  let updatedReplicas = 0;
  let nextAvailableAt: number | undefined;
  for (const pod of pods) {
    const created = (pod.status?.phase ?? '') !== '';
    if (created) replicas++;
    if (PodReadiness.isRunningAndReady(pod)) {
      readyReplicas++;
      const availableAt = PodReadiness.availableAt(pod, minReadySeconds) ?? 0;
      if (availableAt <= now) availableReplicas++;
      else nextAvailableAt = Math.min(nextAvailableAt ?? availableAt, availableAt);
    }
    if (created && !PodReadiness.isTerminating(pod)) {
      const revision = StatefulPodIdentity.revisionOf(pod);
      if (revision === revisions.current.metadata.name) currentReplicas++;
      if (revision === revisions.update.metadata.name) updatedReplicas++;
    }
  }
  let currentRevision = revisions.current.metadata.name ?? '';
  const updateRevision = revisions.update.metadata.name ?? '';
  const rollingUpdate = (set.spec?.updateStrategy?.type ?? 'RollingUpdate') === 'RollingUpdate';
  if (rollingUpdate && updatedReplicas === replicas && readyReplicas === replicas) {
    currentReplicas = updatedReplicas;
    currentRevision = updateRevision;
  }
  const status: StatefulSetStatus = {
    observedGeneration: set.metadata.generation ?? 0,
    replicas,
    readyReplicas,
    currentReplicas,
    updatedReplicas,
    availableReplicas,
    currentRevision,
    updateRevision,
    collisionCount: revisions.collisionCount,
    ...(set.status?.conditions === undefined ? {} : { conditions: set.status.conditions }),
  };
  return { status, nextAvailableAt };
}
