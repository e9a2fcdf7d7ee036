import type { ITaint } from 'kubernetes-models/v1/Taint';
import type { IToleration } from 'kubernetes-models/v1/Toleration';

export type Taint = ITaint;
export type Toleration = IToleration;

/** Whether `toleration` tolerates `taint`, by upstream's rules for key, operator, value and effect. */
export function tolerates(toleration: Toleration, taint: Taint): boolean {
  if (toleration.effect !== undefined && toleration.effect !== taint.effect) return false;
  const operator = toleration.operator ?? 'Equal';
  if (toleration.key === undefined || toleration.key === '') return operator === 'Exists';
  if (toleration.key !== taint.key) return false;
  return operator === 'Exists' || (toleration.value ?? '') === (taint.value ?? '');
}

/**
 * When a pod with `tolerations` must leave a node with the NoExecute `taints`: now
 * (`at` = -Infinity) if a taint is not tolerated, Infinity if every taint is tolerated
 * for ever, else the earliest time a bounded toleration runs out. `addedAt` says since
 * when a taint has been on the node (ms).
 */
export function evictionTime(
  tolerations: readonly Toleration[],
  taints: readonly Taint[],
  addedAt: (taint: Taint) => number,
): number {
  let earliest = Number.POSITIVE_INFINITY;
  for (const taint of taints) {
    const match = tolerations.find((toleration) => tolerates(toleration, taint));
    if (match === undefined) return Number.NEGATIVE_INFINITY;
    if (match.tolerationSeconds === undefined) continue;
    earliest = Math.min(earliest, addedAt(taint) + Math.max(0, match.tolerationSeconds) * 1000);
  }
  return earliest;
}
