import type { DaemonSet, Pod } from '../../api/kinds.js';
import { PodReadiness } from '../util/pod-readiness.js';
import { DaemonPodTemplate, templateGeneration } from './daemon-pod-template.js';

export interface RolloutStep {
  readonly podsToDelete: readonly Pod[];
  readonly nodesToCreate: readonly string[];
}

/** An int-or-percent of `total`, rounded up as upstream does for DaemonSets. */
export function scaledValue(value: number | string | undefined, total: number): number {
  if (value === undefined) return 0;
  if (typeof value === 'number') return value;
  const percent = /^(\d+)%$/.exec(value)?.[1];
  if (percent === undefined) return Number.parseInt(value, 10) || 0;
  return Math.ceil((Number(percent) * total) / 100);
}

/** The one new and one old pod on a node; undefined when there are more of either. */
function splitByRevision(set: DaemonSet, pods: readonly Pod[], hash: string): { fresh?: Pod; old?: Pod } | undefined {
  const generation = templateGeneration(set);
  let fresh: Pod | undefined;
  let old: Pod | undefined;
  for (const pod of pods) {
    if (PodReadiness.isTerminating(pod)) continue;
    if (DaemonPodTemplate.isUpdated(pod, hash, generation)) {
      if (fresh !== undefined) return undefined;
      fresh = pod;
    } else {
      if (old !== undefined) return undefined;
      old = pod;
    }
  }
  return { ...(fresh === undefined ? {} : { fresh }), ...(old === undefined ? {} : { old }) };
}

/**
 * Upstream's rollingUpdate: without surge, delete old pods while at most maxUnavailable
 * daemon pods are unavailable (unavailable old pods are replaced at once); with surge,
 * start new pods beside old ones on at most maxSurge nodes and delete an old pod when
 * its replacement is available.
 */
export function rolloutStep(options: { set: DaemonSet; byNode: ReadonlyMap<string, readonly Pod[]>; hash: string; desired: number; now: number }): RolloutStep {
  const { set, byNode, hash, desired, now } = options;
  const rollingUpdate = set.spec?.updateStrategy?.rollingUpdate;
  const maxSurge = scaledValue(rollingUpdate?.maxSurge, desired);
  let maxUnavailable = scaledValue(rollingUpdate?.maxUnavailable, desired);
  if (maxSurge === 0 && maxUnavailable === 0) maxUnavailable = 1;
  const minReadySeconds = set.spec?.minReadySeconds ?? 0;
  const available = (pod: Pod) => PodReadiness.isAvailable(pod, minReadySeconds, now);
  if (maxSurge === 0) {
    let unavailable = 0;
    const replaceNow: Pod[] = [];
    const candidates: Pod[] = [];
    for (const pods of byNode.values()) {
      const split = splitByRevision(set, pods, hash);
      if (split === undefined || (split.fresh === undefined) === (split.old === undefined)) unavailable++;
      else if (split.fresh !== undefined) {
        if (!available(split.fresh)) unavailable++;
      } else if (split.old !== undefined) {
        if (!available(split.old)) replaceNow.push(split.old);
        else if (unavailable < maxUnavailable) candidates.push(split.old);
      }
    }
    const room = Math.min(Math.max(0, maxUnavailable - unavailable), candidates.length);
    return { podsToDelete: [...replaceNow, ...candidates.slice(0, room)], nodesToCreate: [] };
  }
  let surged = 0;
  const createNow: string[] = [];
  const candidates: string[] = [];
  const podsToDelete: Pod[] = [];
  for (const [node, pods] of byNode) {
    const split = splitByRevision(set, pods, hash);
    if (split === undefined) {
      surged++;
      continue;
    }
    if (split.old === undefined) continue;
    if (split.fresh === undefined) {
      if (!available(split.old)) createNow.push(node);
      else if (surged < maxSurge) candidates.push(node);
    } else if (!available(split.fresh)) surged++;
    else podsToDelete.push(split.old);
  }
  const room = Math.min(Math.max(0, maxSurge - surged), candidates.length);
  return { podsToDelete, nodesToCreate: [...createNow, ...candidates.slice(0, room)] };
}
