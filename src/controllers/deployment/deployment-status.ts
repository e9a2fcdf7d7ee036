import type { Deployment, ReplicaSet } from '../../api/kinds.js';
import { DeploymentConditions, Reasons, type DeploymentStatus } from './deployment-conditions.js';
import { ReplicaSets } from './replica-sets.js';
import { desiredReplicas, rolloutLimits } from './rollout-limits.js';

/** No deadline when unset or MaxInt32, as upstream. */
export function hasProgressDeadline(deployment: Deployment): boolean {
  const deadline = deployment.spec?.progressDeadlineSeconds;
  return deadline !== undefined && deadline !== 2147483647;
}

/** The counts and Available condition of a deployment from its ReplicaSets (upstream's calculateStatus). */
export function calculateStatus(deployment: Deployment, all: readonly (ReplicaSet | undefined)[], newSet: ReplicaSet | undefined, now: number): DeploymentStatus {
  const available = ReplicaSets.availableReplicas(all);
  const desired = desiredReplicas(deployment);
  const status: DeploymentStatus = {
    observedGeneration: deployment.metadata.generation ?? 0,
    replicas: ReplicaSets.statusReplicas(all),
    updatedReplicas: ReplicaSets.statusReplicas([newSet]),
    readyReplicas: ReplicaSets.readyReplicas(all),
    availableReplicas: available,
    unavailableReplicas: Math.max(0, ReplicaSets.specReplicas(all) - available),
    ...(deployment.status?.collisionCount === undefined ? {} : { collisionCount: deployment.status.collisionCount }),
    ...(deployment.status?.conditions === undefined ? {} : { conditions: deployment.status.conditions.map((condition) => ({ ...condition })) }),
  };
  if (available >= desired - rolloutLimits(deployment).maxUnavailable) {
    DeploymentConditions.set(status, DeploymentConditions.make('Available', 'True', Reasons.minimumReplicasAvailable, 'Deployment has minimum availability.', now));
  } else {
    DeploymentConditions.set(status, DeploymentConditions.make('Available', 'False', Reasons.minimumReplicasUnavailable, 'Deployment does not have minimum availability.', now));
  }
  return status;
}

/** Every pod is updated and available and the latest spec has been seen. */
export function deploymentComplete(deployment: Deployment, status: DeploymentStatus): boolean {
  const desired = desiredReplicas(deployment);
  return status.updatedReplicas === desired && status.replicas === desired && status.availableReplicas === desired && (status.observedGeneration ?? 0) >= (deployment.metadata.generation ?? 0);
}

/** Whether `status` shows progress over the deployment's current status. */
function deploymentProgressing(deployment: Deployment, status: DeploymentStatus): boolean {
  const old = deployment.status ?? {};
  const oldOld = (old.replicas ?? 0) - (old.updatedReplicas ?? 0);
  const newOld = (status.replicas ?? 0) - (status.updatedReplicas ?? 0);
  return (
    (status.updatedReplicas ?? 0) > (old.updatedReplicas ?? 0) ||
    newOld < oldOld ||
    (status.readyReplicas ?? 0) > (old.readyReplicas ?? 0) ||
    (status.availableReplicas ?? 0) > (old.availableReplicas ?? 0)
  );
}

function deploymentTimedOut(deployment: Deployment, status: DeploymentStatus, now: number): boolean {
  if (!hasProgressDeadline(deployment)) return false;
  const condition = DeploymentConditions.get(status, 'Progressing');
  if (condition === undefined || condition.reason === Reasons.newReplicaSetAvailable) return false;
  if (condition.reason === Reasons.progressDeadlineExceeded) return true;
  const from = Date.parse(condition.lastUpdateTime ?? '');
  return !Number.isNaN(from) && from + (deployment.spec?.progressDeadlineSeconds ?? 0) * 1000 < now;
}

/**
 * The status of a deployment in a rollout (upstream's syncRolloutStatus): the counts
 * plus the Progressing condition (complete, progressing, or past its deadline) and
 * any ReplicaFailure of its ReplicaSets, the new set's first.
 */
export function rolloutStatus(deployment: Deployment, all: readonly (ReplicaSet | undefined)[], newSet: ReplicaSet | undefined, now: number): DeploymentStatus {
  const status = calculateStatus(deployment, all, newSet, now);
  const name = deployment.metadata.name ?? '';
  const subject = newSet === undefined ? `Deployment "${name}"` : `ReplicaSet "${newSet.metadata.name ?? ''}"`;
  if (!hasProgressDeadline(deployment)) DeploymentConditions.remove(status, 'Progressing');
  const current = DeploymentConditions.get(deployment.status, 'Progressing');
  const rolledOut = status.replicas === status.updatedReplicas && current?.reason === Reasons.newReplicaSetAvailable;
  if (hasProgressDeadline(deployment) && !rolledOut) {
    if (deploymentComplete(deployment, status)) {
      DeploymentConditions.set(status, DeploymentConditions.make('Progressing', 'True', Reasons.newReplicaSetAvailable, `${subject} has successfully progressed.`, now));
    } else if (deploymentProgressing(deployment, status)) {
      const condition = DeploymentConditions.make('Progressing', 'True', Reasons.replicaSetUpdated, `${subject} is progressing.`, now);
      if (current?.status === 'True' && current.lastTransitionTime !== undefined) condition.lastTransitionTime = current.lastTransitionTime;
      status.conditions = [...DeploymentConditions.without(status, 'Progressing'), condition];
    } else if (deploymentTimedOut(deployment, status, now)) {
      DeploymentConditions.set(status, DeploymentConditions.make('Progressing', 'False', Reasons.progressDeadlineExceeded, `${subject} has timed out progressing.`, now));
    }
  }
  const failures = [newSet, ...all].flatMap((set) => set?.status?.conditions?.filter((condition) => condition.type === 'ReplicaFailure') ?? []);
  const failure = failures[0];
  if (failure === undefined) DeploymentConditions.remove(status, 'ReplicaFailure');
  else DeploymentConditions.set(status, DeploymentConditions.fromReplicaSet(failure));
  return status;
}

/** When to look again at a rollout that shows no progress, to catch its deadline (upstream's requeueStuckDeployment). */
export function stuckRecheckMs(deployment: Deployment, status: DeploymentStatus, now: number): number | undefined {
  const current = DeploymentConditions.get(deployment.status, 'Progressing');
  if (!hasProgressDeadline(deployment) || current === undefined) return undefined;
  if (deploymentComplete(deployment, status) || current.reason === Reasons.progressDeadlineExceeded) return undefined;
  const from = Date.parse(current.lastUpdateTime ?? '');
  if (Number.isNaN(from)) return undefined;
  const after = from + (deployment.spec?.progressDeadlineSeconds ?? 0) * 1000 - now;
  return after < 1000 ? 1000 : after + 1000;
}
