import type { Pod, ReplicaSet } from '../../api/kinds.js';
import type { ReconcileResult } from '../runtime/reconciler.js';
import { deploymentComplete } from './deployment-status.js';
import type { DeploymentSync } from './deployment-sync.js';
import { newAndOldReplicaSets } from './new-replica-set.js';
import { ReplicaSets } from './replica-sets.js';
import { desiredReplicas } from './rollout-limits.js';

/** Whether any pod of an old set may still run (finished pods do not count). */
function oldPodsRunning(newSet: ReplicaSet | undefined, oldSets: readonly ReplicaSet[], podsBySet: ReadonlyMap<string, readonly Pod[]>): boolean {
  if (ReplicaSets.statusReplicas(oldSets) > 0) return true;
  for (const [uid, pods] of podsBySet) {
    if (newSet !== undefined && newSet.metadata.uid === uid) continue;
    if (pods.some((pod) => pod.status?.phase !== 'Failed' && pod.status?.phase !== 'Succeeded')) return true;
  }
  return false;
}

/** Upstream's rolloutRecreate: every old pod goes before the new set is created and scaled up. */
export async function rolloutRecreate(sync: DeploymentSync, podsBySet: ReadonlyMap<string, readonly Pod[]>): Promise<ReconcileResult | undefined> {
  let { newSet, oldSets } = await newAndOldReplicaSets(sync, false);
  let scaledDown = false;
  for (const set of ReplicaSets.active(oldSets)) {
    if ((await sync.scaleReplicaSet(set, 0)).scaled) scaledDown = true;
  }
  if (scaledDown || oldPodsRunning(newSet, oldSets, podsBySet)) return await sync.syncRolloutStatus([...oldSets, newSet], newSet);
  if (newSet === undefined) ({ newSet, oldSets } = await newAndOldReplicaSets(sync, true));
  if (newSet !== undefined) newSet = (await sync.scaleReplicaSet(newSet, desiredReplicas(sync.deployment))).set;
  if (deploymentComplete(sync.deployment, sync.deployment.status ?? {})) await sync.cleanup(oldSets);
  return await sync.syncRolloutStatus([...oldSets, newSet], newSet);
}
