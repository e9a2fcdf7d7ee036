import type { Deployment } from '../../api/kinds.js';

/**
 * An IntOrString such as `maxSurge` as a count of `total`: an integer as is, a
 * percentage ("25%") of total rounded up or down. Throws on anything else.
 */
export function scaledValue(value: number | string, total: number, roundUp: boolean): number {
  if (typeof value === 'number') return value;
  const match = /^(\d+)%$/.exec(value);
  if (match?.[1] === undefined) throw new Error(`invalid value for IntOrString: invalid value ${JSON.stringify(value)}`);
  const exact = (Number(match[1]) * total) / 100;
  return roundUp ? Math.ceil(exact) : Math.floor(exact);
}

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
