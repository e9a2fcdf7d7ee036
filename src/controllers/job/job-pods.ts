import type { Job, Pod } from '../../api/kinds.js';
import { JobKeys } from './job-labels.js';
import { PodReadiness } from '../util/pod-readiness.js';

/** How the Job controller sees one of its pods. */
export const JobPods = {
  isTerminal: (pod: Pod): boolean => {
    const phase = pod.status?.phase;
    return phase === 'Succeeded' || phase === 'Failed';
  },

  /** Neither finished nor being deleted. */
  isActive: (pod: Pod): boolean => {
    return !JobPods.isTerminal(pod) && pod.metadata.deletionTimestamp === undefined;
  },

  isTerminating: (pod: Pod): boolean => {
    return !JobPods.isTerminal(pod) && pod.metadata.deletionTimestamp !== undefined;
  },

  isReady: (pod: Pod): boolean => PodReadiness.isReady(pod),

  /** Deleted pods count as failed (they may never reach a terminal phase), unless only Failed pods are replaced. */
  isFailed: (pod: Pod, job: Job): boolean => {
    if (pod.status?.phase === 'Failed') return true;
    if (JobPods.onlyReplacesFailed(job)) return false;
    return pod.metadata.deletionTimestamp !== undefined && pod.status?.phase !== 'Succeeded';
  },

  onlyReplacesFailed: (job: Job): boolean => {
    return job.spec?.podReplacementPolicy === 'Failed' || job.spec?.podFailurePolicy !== undefined;
  },

  hasTrackingFinalizer: (pod: Pod): boolean => {
    return pod.metadata.finalizers?.includes(JobKeys.trackingFinalizer) ?? false;
  },

  /** The pod's completion index, or undefined when it has none or it is not a number. */
  completionIndex: (pod: Pod): number | undefined => {
    const text = pod.metadata.annotations?.[JobKeys.completionIndex] ?? pod.metadata.labels?.[JobKeys.completionIndex];
    if (text === undefined || !/^\d+$/.test(text)) return undefined;
    return Number(text);
  },

  /** When the pod finished: its last container's exit, else its deletion, else `now`. */
  finishedAt: (pod: Pod, now: number): number => {
    let latest: number | undefined;
    for (const status of [...(pod.status?.containerStatuses ?? []), ...(pod.status?.initContainerStatuses ?? [])]) {
      const finished = status.state?.terminated?.finishedAt;
      if (finished !== undefined) latest = Math.max(latest ?? 0, Date.parse(finished));
    }
    if (latest !== undefined && !Number.isNaN(latest)) return latest;
    const deleted = pod.metadata.deletionTimestamp;
    return deleted === undefined ? now : Date.parse(deleted);
  },

  /** Container restarts, which count against backoffLimit when restartPolicy is OnFailure. */
  restarts: (pod: Pod): number => {
    return [...(pod.status?.containerStatuses ?? []), ...(pod.status?.initContainerStatuses ?? [])].reduce((sum, status) => sum + status.restartCount, 0);
  },

  /** Which active pods to delete first: unscheduled, then not ready, then the most recently created. */
  byDeletionPreference: (a: Pod, b: Pod): number => {
    const scheduled = Number(a.spec?.nodeName !== undefined) - Number(b.spec?.nodeName !== undefined);
    if (scheduled !== 0) return scheduled;
    const ready = Number(JobPods.isReady(a)) - Number(JobPods.isReady(b));
    if (ready !== 0) return ready;
    return (b.metadata.creationTimestamp ?? '').localeCompare(a.metadata.creationTimestamp ?? '');
  },
};
