import type { Pod } from '../../api/kinds.js';

/** Pod states as the workload controllers judge them (upstream's podutil). */
export const PodReadiness = {
  isReady(pod: Pod): boolean {
    return pod.status?.conditions?.some((condition) => condition.type === 'Ready' && condition.status === 'True') ?? false;
  },

  isRunningAndReady(pod: Pod): boolean {
    return pod.status?.phase === 'Running' && PodReadiness.isReady(pod);
  },

  isTerminating(pod: Pod): boolean {
    return pod.metadata.deletionTimestamp !== undefined;
  },

  isFinished(pod: Pod): boolean {
    return pod.status?.phase === 'Failed' || pod.status?.phase === 'Succeeded';
  },

  /** When a ready pod becomes available (ready for minReadySeconds), or undefined if it is not ready. */
  availableAt(pod: Pod, minReadySeconds: number): number | undefined {
    const ready = pod.status?.conditions?.find((condition) => condition.type === 'Ready' && condition.status === 'True');
    if (ready === undefined) return undefined;
    if (minReadySeconds <= 0) return 0;
    const since = Date.parse(ready.lastTransitionTime ?? '');
    return Number.isNaN(since) ? 0 : since + minReadySeconds * 1000;
  },

  isAvailable(pod: Pod, minReadySeconds: number, now: number): boolean {
    const at = PodReadiness.availableAt(pod, minReadySeconds);
    return at !== undefined && at <= now;
  },

  /** Oldest first; on equal times, by name. */
  byAge: (a: Pod, b: Pod): number =>
    (a.metadata.creationTimestamp ?? '').localeCompare(b.metadata.creationTimestamp ?? '') || (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''),
};
