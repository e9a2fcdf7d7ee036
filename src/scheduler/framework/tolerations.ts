import type { ITaint } from 'kubernetes-models/v1/Taint';
import type { IToleration } from 'kubernetes-models/v1/Toleration';

/** Whether one toleration tolerates one taint (an empty key with Exists tolerates every taint). */
export function toleratesTaint(toleration: IToleration, taint: ITaint): boolean {
  if (toleration.effect !== undefined && toleration.effect !== taint.effect) return false;
  if (toleration.key !== undefined && toleration.key !== '' && toleration.key !== taint.key) return false;
  if (toleration.operator === 'Exists') return true;
  return (toleration.value ?? '') === (taint.value ?? '');
}

export function tolerated(tolerations: readonly IToleration[], taint: ITaint): boolean {
  for (const toleration of tolerations) if (toleratesTaint(toleration, taint)) return true;
  return false;
}

/** The first taint with one of `effects` that no toleration tolerates. */
export function firstUntoleratedTaint(taints: readonly ITaint[], tolerations: readonly IToleration[], effects: ReadonlySet<string>): ITaint | undefined {
  for (const taint of taints) {
    if (effects.has(taint.effect) && !tolerated(tolerations, taint)) return taint;
  }
  return undefined;
}
