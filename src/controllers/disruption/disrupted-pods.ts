import type { Pod } from '../../api/kinds.js';

/** How long an eviction the API server recorded may wait for its pod's deletion to be seen. */
export const DELETION_TIMEOUT_MS = 2 * 60_000;

export interface DisruptedPods {
  /** Pod name to the time its eviction was processed, for evictions still pending. */
  readonly pods: Record<string, string>;
  /** When the earliest remaining entry expires (ms), if any. */
  readonly recheckAt: number | undefined;
}

/**
 * The budget's `status.disruptedPods` with settled entries dropped: pods that are
 * gone or being deleted, and entries older than the deletion timeout.
 */
export function pendingDisruptions(recorded: Readonly<Record<string, string>> | undefined, pods: readonly Pod[], now: number): DisruptedPods {
  const byName = new Map(pods.map((pod) => [pod.metadata.name ?? '', pod]));
  const pending: Record<string, string> = {};
  let recheckAt: number | undefined;
  for (const [name, time] of Object.entries(recorded ?? {})) {
    const pod = byName.get(name);
    if (pod === undefined || pod.metadata.deletionTimestamp !== undefined) continue;
    const expiresAt = Date.parse(time) + DELETION_TIMEOUT_MS;
    if (Number.isNaN(expiresAt) || expiresAt <= now) continue;
    pending[name] = time;
    recheckAt = Math.min(recheckAt ?? expiresAt, expiresAt);
  }
  return { pods: pending, recheckAt };
}
