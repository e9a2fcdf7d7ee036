import type { INodeCondition } from 'kubernetes-models/v1/NodeCondition';

/** Conditions the kubelet reports, which go Unknown when it stops reporting. */
const KUBELET_CONDITIONS = ['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure'];

/**
 * The node's conditions once its kubelet is presumed gone: every kubelet condition
 * Unknown (reason NodeStatusUnknown, or NodeStatusNeverUpdated for a node that never
 * reported), keeping its last heartbeat; a transition time of `now` where the status changes.
 */
export function unknownConditions(
  conditions: readonly INodeCondition[],
  options: { now: string; neverReported: boolean; createdAt: string | undefined },
): INodeCondition[] {
  const reason = options.neverReported ? 'NodeStatusNeverUpdated' : 'NodeStatusUnknown';
  const message = options.neverReported ? 'Kubelet never posted node status.' : 'Kubelet stopped posting node status.';
  const result = conditions.map((condition) => ({ ...condition }));
  for (const type of KUBELET_CONDITIONS) {
    const existing = result.find((condition) => condition.type === type);
    if (existing === undefined) {
      result.push({
        type,
        status: 'Unknown',
        reason,
        message,
        ...(options.createdAt === undefined ? {} : { lastHeartbeatTime: options.createdAt }),
        lastTransitionTime: options.now,
      });
    } else if (existing.status !== 'Unknown') {
      Object.assign(existing, { status: 'Unknown', reason, message, lastTransitionTime: options.now });
    }
  }
  return result;
}
