import type { PodInfo } from '../framework/pod-info.js';

/** A pod waiting in the scheduling queue, with its attempt history. */
export interface QueuedPodInfo {
  podInfo: PodInfo;
  /** When it last entered a queue (the activeQ order and the backoff start). */
  timestamp: number;
  /** How many times it has been popped for scheduling. */
  attempts: number;
  /** When it was first popped; for the latency metrics. */
  initialAttemptTimestamp: number | undefined;
  /** The plugins that rejected it in its last attempt (empty after an error). */
  unschedulablePlugins: Set<string>;
}

/** Upstream's PrioritySort: higher priority first, then the one queued earlier. */
export function prioritySortLess(a: QueuedPodInfo, b: QueuedPodInfo): boolean {
  const pa = a.podInfo.priority;
  const pb = b.podInfo.priority;
  return pa > pb || (pa === pb && a.timestamp < b.timestamp);
}
