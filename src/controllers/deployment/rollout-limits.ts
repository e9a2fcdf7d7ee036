import type { Deployment } from '../../api/kinds.js';
import { scaledValue } from '../util/int-or-percent.js';

export function isRollingUpdate(deployment: Deployment): boolean {
  return (deployment.spec?.strategy?.type ?? 'RollingUpdate') === 'RollingUpdate';
}

export function desiredReplicas(deployment: Deployment): number {
  return deployment.spec?.replicas ?? 1;
}

/**
 * How far a rolling update may go above and below the desired replicas: maxSurge
 * rounds up, maxUnavailable down, and when both come to 0 maxUnavailable is 1 (as
 * upstream's ResolveFenceposts). Both are 0 for Recreate.
 */
export function rolloutLimits(deployment: Deployment): { maxSurge: number; maxUnavailable: number } {
  if (!isRollingUpdate(deployment)) return { maxSurge: 0, maxUnavailable: 0 };
  const desired = desiredReplicas(deployment);
  const rollingUpdate = deployment.spec?.strategy?.rollingUpdate;
  const maxSurge = scaledValue(rollingUpdate?.maxSurge ?? 0, desired, true);
  let maxUnavailable = scaledValue(rollingUpdate?.maxUnavailable ?? 0, desired, false);
  if (maxSurge === 0 && maxUnavailable === 0) maxUnavailable = 1;
  return { maxSurge, maxUnavailable: desired === 0 ? 0 : Math.min(maxUnavailable, desired) };
}
