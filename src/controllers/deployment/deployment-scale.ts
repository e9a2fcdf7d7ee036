import type { ReplicaSet } from '../../api/kinds.js';
import type { ReconcileResult } from '../runtime/reconciler.js';
import type { DeploymentSync } from './deployment-sync.js';
import { newAndOldReplicaSets } from './new-replica-set.js';
import { proportionalSizes } from './proportional-scaling.js';
import { ReplicaSetAnnotations } from './replica-set-annotations.js';
import { ReplicaSets } from './replica-sets.js';
import { desiredReplicas, isRollingUpdate } from './rollout-limits.js';

/** The only active set, or with none active the newest; undefined when several are active. */
function activeOrLatest(newSet: ReplicaSet | undefined, oldSets: readonly ReplicaSet[]): ReplicaSet | undefined {
  const newestFirst = [...oldSets].sort((a, b) => ReplicaSets.byCreation(b, a));
  const active = ReplicaSets.active([...newestFirst, newSet]);
  if (active.length === 0) return newSet ?? newestFirst[0];
  return active.length === 1 ? active[0] : undefined;
}

function isSaturated(sync: DeploymentSync, set: ReplicaSet | undefined): boolean {
  if (set === undefined) return false;
  const desired = desiredReplicas(sync.deployment);
  return ReplicaSets.replicas(set) === desired && ReplicaSetAnnotations.desiredReplicas(set) === desired && set.status?.availableReplicas === desired;
}

/** Whether the deployment was resized since its sets last recorded its size (desired-replicas). */
export async function isScalingEvent(sync: DeploymentSync): Promise<boolean> {
  const { newSet, oldSets } = await newAndOldReplicaSets(sync, false);
  const desired = desiredReplicas(sync.deployment);
  return ReplicaSets.active([...oldSets, newSet]).some((set) => {
    const recorded = ReplicaSetAnnotations.desiredReplicas(set);
    return recorded !== undefined && recorded !== desired;
  });
}

/** Upstream's scale: resizes the sets to a new deployment size without moving the rollout on. */
async function scale(sync: DeploymentSync, newSet: ReplicaSet | undefined, oldSets: readonly ReplicaSet[]): Promise<void> {
  const desired = desiredReplicas(sync.deployment);
  const only = activeOrLatest(newSet, oldSets);
  if (only !== undefined) {
    if (ReplicaSets.replicas(only) !== desired) await sync.scaleReplicaSet(only, desired);
    return;
  }
  if (isSaturated(sync, newSet)) {
    for (const old of ReplicaSets.active(oldSets)) await sync.scaleReplicaSet(old, 0);
    return;
  }
  if (!isRollingUpdate(sync.deployment)) return;
  const { sizes, operation } = proportionalSizes(sync.deployment, ReplicaSets.active([...oldSets, newSet]));
  for (const [set, size] of sizes) await sync.scaleReplicaSet(set, size, operation);
}

/** Upstream's sync, for a paused deployment or a resize: scale, clean up history when paused, report status. */
export async function syncScaling(sync: DeploymentSync): Promise<ReconcileResult | undefined> {
  const { newSet, oldSets } = await newAndOldReplicaSets(sync, false);
  await scale(sync, newSet, oldSets);
  if (sync.deployment.spec?.paused === true) await sync.cleanup(oldSets);
  return await sync.syncStatus([...oldSets, newSet], newSet);
}
