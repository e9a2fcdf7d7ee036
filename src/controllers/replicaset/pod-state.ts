import type { Pod } from '../../api/kinds.js';
import { PodReadiness } from '../util/pod-readiness.js';

function readyCondition(pod: Pod) {
  return pod.status?.conditions?.find((condition) => condition.type === 'Ready' && condition.status === 'True');
}

/** Pod states as upstream's podutil and controller utilities judge them. */
export const PodState = {
  /** Counted by a ReplicaSet: not terminating and not finished. */
  isActive(pod: Pod): boolean {
    const phase = pod.status?.phase;
    return phase !== 'Succeeded' && phase !== 'Failed' && pod.metadata.deletionTimestamp === undefined;
  },

  isReady(pod: Pod): boolean {
    return PodReadiness.isReady(pod);
  },

  /** When the pod last became ready, or undefined when it is not ready (or the time is unknown). */
  readySince(pod: Pod): number | undefined {
    const since = Date.parse(readyCondition(pod)?.lastTransitionTime ?? '');
    return Number.isNaN(since) ? undefined : since;
  },

  /** Ready for at least minReadySeconds at `now`. */
  isAvailable(pod: Pod, minReadySeconds: number, now: number): boolean {
    if (!PodState.isReady(pod)) return false;
    if (minReadySeconds <= 0) return true;
    const since = PodState.readySince(pod);
    return since !== undefined && since + minReadySeconds * 1000 < now;
  },
};
