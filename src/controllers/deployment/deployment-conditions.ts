import type { Deployment, ReplicaSet } from '../../api/kinds.js';
import { rfc3339 } from '../../util/clock.js';

export type DeploymentStatus = NonNullable<Deployment['status']>;
export type DeploymentCondition = NonNullable<DeploymentStatus['conditions']>[number];
type ReplicaSetCondition = NonNullable<NonNullable<ReplicaSet['status']>['conditions']>[number];

/** Reasons of the Progressing, Available and ReplicaFailure conditions, as upstream names them. */
export const Reasons = {
  newReplicaSetCreated: 'NewReplicaSetCreated',
  foundNewReplicaSet: 'FoundNewReplicaSet',
  replicaSetUpdated: 'ReplicaSetUpdated',
  newReplicaSetAvailable: 'NewReplicaSetAvailable',
  progressDeadlineExceeded: 'ProgressDeadlineExceeded',
  failedReplicaSetCreate: 'ReplicaSetCreateError',
  paused: 'DeploymentPaused',
  resumed: 'DeploymentResumed',
  minimumReplicasAvailable: 'MinimumReplicasAvailable',
  minimumReplicasUnavailable: 'MinimumReplicasUnavailable',
} as const;

/** Deployment conditions as upstream's deployment util reads and writes them. */
export const DeploymentConditions = {
  make(type: string, status: 'True' | 'False' | 'Unknown', reason: string, message: string, now: number): DeploymentCondition {
    const time = rfc3339(now);
    return { type, status, lastUpdateTime: time, lastTransitionTime: time, reason, message };
  },

  get(status: DeploymentStatus | undefined, type: string): DeploymentCondition | undefined {
    return status?.conditions?.find((condition) => condition.type === type);
  },

  /**
   * Replaces the condition of this type unless it already has this status and reason;
   * keeps lastTransitionTime when the status does not change. The new one goes last.
   */
  set(status: DeploymentStatus, condition: DeploymentCondition): void {
    const current = DeploymentConditions.get(status, condition.type);
    if (current !== undefined && current.status === condition.status && current.reason === condition.reason) return;
    const next = { ...condition };
    if (current !== undefined && current.status === condition.status && current.lastTransitionTime !== undefined) next.lastTransitionTime = current.lastTransitionTime;
    status.conditions = [...DeploymentConditions.without(status, condition.type), next];
  },

  remove(status: DeploymentStatus, type: string): void {
    const conditions = DeploymentConditions.without(status, type);
    if (conditions.length === 0) delete status.conditions;
    else status.conditions = conditions;
  },

  without(status: DeploymentStatus, type: string): DeploymentCondition[] {
    return (status.conditions ?? []).filter((condition) => condition.type !== type);
  },

  fromReplicaSet(condition: ReplicaSetCondition): DeploymentCondition {
    return {
      type: condition.type,
      status: condition.status,
      ...(condition.lastTransitionTime === undefined ? {} : { lastTransitionTime: condition.lastTransitionTime, lastUpdateTime: condition.lastTransitionTime }),
      ...(condition.reason === undefined ? {} : { reason: condition.reason }),
      ...(condition.message === undefined ? {} : { message: condition.message }),
    };
  },
};
