import type { Deployment, ReplicaSet } from '../../api/kinds.js';
import { ReplicaSetAnnotations } from './replica-set-annotations.js';
import { ReplicaSets } from './replica-sets.js';
import { desiredReplicas, rolloutLimits } from './rollout-limits.js';

/** Go's math.Round: halves away from zero. */
function roundHalfAway(value: number): number {
  return Math.sign(value) * Math.round(Math.abs(value));
}

/** How many replicas a set would gain (or lose) if it kept its share of the deployment at the new size. */
function fraction(set: ReplicaSet, deployment: Deployment): number {
  const replicas = ReplicaSets.replicas(set);
  const desired = desiredReplicas(deployment);
  if (desired === 0) return -replicas;
  const maxReplicas = desired + rolloutLimits(deployment).maxSurge;
  let before = ReplicaSetAnnotations.maxReplicas(set) ?? 0;
  if (before === 0) before = deployment.status?.replicas ?? 0;
  if (before === 0) return 0;
  return roundHalfAway((replicas * maxReplicas) / before) - replicas;
}

/**
 * Upstream's proportional scaling of a deployment resized mid-rollout: the replicas
 * to add (or remove) so the total is replicas + maxSurge, shared among the active
 * sets by their size, largest first, the rounding leftover to the largest. Returns
 * the sets in processing order with their new sizes and the direction.
 */
export function proportionalSizes(deployment: Deployment, active: readonly ReplicaSet[]): { sizes: [ReplicaSet, number][]; operation: 'up' | 'down' | undefined } {
  const desired = desiredReplicas(deployment);
  const allowed = desired > 0 ? desired + rolloutLimits(deployment).maxSurge : 0;
  const toAdd = allowed - ReplicaSets.specReplicas(active);
  const operation = toAdd > 0 ? 'up' : toAdd < 0 ? 'down' : undefined;
  const ordered = [...active];
  if (operation === 'up') ordered.sort(ReplicaSets.bySizeNewer);
  else if (operation === 'down') ordered.sort(ReplicaSets.bySizeOlder);
  let added = 0;
  const sizes: [ReplicaSet, number][] = ordered.map((set) => {
    const replicas = ReplicaSets.replicas(set);
    if (toAdd === 0 || replicas === 0 || toAdd === added) return [set, replicas];
    const remaining = toAdd - added;
    const share = toAdd > 0 ? Math.min(fraction(set, deployment), remaining) : Math.max(fraction(set, deployment), remaining);
    added += share;
    return [set, replicas + share];
  });
  const first = sizes[0];
  if (first !== undefined && toAdd !== 0) first[1] = Math.max(0, first[1] + toAdd - added);
  return { sizes, operation };
}
