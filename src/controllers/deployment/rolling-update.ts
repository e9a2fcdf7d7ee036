import type { ReplicaSet } from '../../api/kinds.js';
import type { ReconcileResult } from '../runtime/reconciler.js';
import { deploymentComplete } from './deployment-status.js';
import type { DeploymentSync } from './deployment-sync.js';
import { newAndOldReplicaSets } from './new-replica-set.js';
import { ReplicaSets } from './replica-sets.js';
import { desiredReplicas, rolloutLimits } from './rollout-limits.js';

/** Scales the new set up as far as maxSurge allows. */
async function reconcileNewReplicaSet(sync: DeploymentSync, all: readonly ReplicaSet[], newSet: ReplicaSet): Promise<boolean> {
  const desired = desiredReplicas(sync.deployment);
  const current = ReplicaSets.replicas(newSet);
  if (current === desired) return false;
  if (current > desired) return (await sync.scaleReplicaSet(newSet, desired)).scaled;
  const maxTotal = desired + rolloutLimits(sync.deployment).maxSurge;
  const total = ReplicaSets.specReplicas(all);
  if (total >= maxTotal) return false;
  const size = current + Math.min(maxTotal - total, desired - current);
  return (await sync.scaleReplicaSet(newSet, size)).scaled;
}

/**
 * Scales old sets down as far as maxUnavailable allows: first their unavailable
 * pods (which costs no availability), then available ones, oldest sets first.
 */
async function reconcileOldReplicaSets(sync: DeploymentSync, all: readonly ReplicaSet[], oldSets: ReplicaSet[], newSet: ReplicaSet): Promise<boolean> {
  if (ReplicaSets.specReplicas(oldSets) === 0) return false;
  const minAvailable = desiredReplicas(sync.deployment) - rolloutLimits(sync.deployment).maxUnavailable;
  const newUnavailable = ReplicaSets.replicas(newSet) - (newSet.status?.availableReplicas ?? 0);
  const maxScaledDown = ReplicaSets.specReplicas(all) - minAvailable - newUnavailable;
  if (maxScaledDown <= 0) return false;
  const { sets: cleaned, scaledDown: cleanedUp } = await cleanupUnhealthyReplicas(sync, oldSets, maxScaledDown);
  const scaledDown = await scaleDownOldReplicaSets(sync, [...cleaned, newSet], cleaned, minAvailable);
  return cleanedUp + scaledDown > 0;
}

async function cleanupUnhealthyReplicas(sync: DeploymentSync, oldSets: readonly ReplicaSet[], maxCleanup: number): Promise<{ sets: ReplicaSet[]; scaledDown: number }> {
  const sets = [...oldSets].sort(ReplicaSets.byCreation);
  let total = 0;
  for (const [index, set] of sets.entries()) {
    if (total >= maxCleanup) break;
    const replicas = ReplicaSets.replicas(set);
    const unhealthy = replicas - (set.status?.availableReplicas ?? 0);
    if (replicas === 0 || unhealthy <= 0) continue;
    const count = Math.min(maxCleanup - total, unhealthy);
    sets[index] = (await sync.scaleReplicaSet(set, replicas - count)).set;
    total += count;
  }
  return { sets, scaledDown: total };
}

async function scaleDownOldReplicaSets(sync: DeploymentSync, all: readonly ReplicaSet[], oldSets: readonly ReplicaSet[], minAvailable: number): Promise<number> {
  const available = ReplicaSets.availableWithinSpec(all);
  if (available <= minAvailable) return 0;
  const target = available - minAvailable;
  let total = 0;
  for (const set of [...oldSets].sort(ReplicaSets.byCreation)) {
    if (total >= target) break;
    const replicas = ReplicaSets.replicas(set);
    if (replicas === 0) continue;
    const count = Math.min(replicas, target - total);
    await sync.scaleReplicaSet(set, replicas - count);
    total += count;
  }
  return total;
}

/** Upstream's rolloutRolling: one step of surging the new set up and the old sets down. */
export async function rolloutRolling(sync: DeploymentSync): Promise<ReconcileResult | undefined> {
  const { newSet, oldSets } = await newAndOldReplicaSets(sync, true);
  if (newSet === undefined) return undefined;
  const all = [...oldSets, newSet];
  if (await reconcileNewReplicaSet(sync, all, newSet)) return await sync.syncRolloutStatus(all, newSet);
  const active = ReplicaSets.active(oldSets);
  if (await reconcileOldReplicaSets(sync, all, active, newSet)) return await sync.syncRolloutStatus(all, newSet);
  if (deploymentComplete(sync.deployment, sync.deployment.status ?? {})) await sync.cleanup(oldSets);
  return await sync.syncRolloutStatus(all, newSet);
}
