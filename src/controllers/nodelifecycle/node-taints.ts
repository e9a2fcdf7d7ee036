import type { Node } from '../../api/kinds.js';
import type { Taint } from './tolerations.js';

export const NOT_READY_TAINT_KEY = 'node.kubernetes.io/not-ready';
export const UNREACHABLE_TAINT_KEY = 'node.kubernetes.io/unreachable';
export const UNSCHEDULABLE_TAINT_KEY = 'node.kubernetes.io/unschedulable';

/** Conditions that, when True, get a NoSchedule taint (upstream's doNoScheduleTaintingPass). */
const CONDITION_TAINTS: Readonly<Record<string, string>> = {
  MemoryPressure: 'node.kubernetes.io/memory-pressure',
  DiskPressure: 'node.kubernetes.io/disk-pressure',
  PIDPressure: 'node.kubernetes.io/pid-pressure',
  NetworkUnavailable: 'node.kubernetes.io/network-unavailable',
};

/** Every taint this controller owns; taints with other keys are never touched. */
const MANAGED_KEYS = new Set([NOT_READY_TAINT_KEY, UNREACHABLE_TAINT_KEY, UNSCHEDULABLE_TAINT_KEY, ...Object.values(CONDITION_TAINTS)]);

export function conditionOf(node: Node, type: string): { status: string; lastTransitionTime?: string } | undefined {
  return node.status?.conditions?.find((condition) => condition.type === type);
}

/**
 * The node's taints as this controller wants them: others' taints unchanged, then the
 * not-ready/unreachable pair (NoSchedule and NoExecute) from the Ready condition, the
 * unschedulable taint from `spec.unschedulable` and a NoSchedule taint per pressure
 * condition. A taint already present keeps its timeAdded.
 */
export function desiredTaints(node: Node, now: string): Taint[] {
  const current = node.spec?.taints ?? [];
  const wanted: Taint[] = [];
  const ready = conditionOf(node, 'Ready')?.status;
  const readyKey = ready === 'False' ? NOT_READY_TAINT_KEY : ready === 'Unknown' ? UNREACHABLE_TAINT_KEY : undefined;
  if (readyKey !== undefined) {
    wanted.push({ key: readyKey, effect: 'NoSchedule' }, { key: readyKey, effect: 'NoExecute' });
  }
  if (node.spec?.unschedulable === true) wanted.push({ key: UNSCHEDULABLE_TAINT_KEY, effect: 'NoSchedule' });
  for (const [type, key] of Object.entries(CONDITION_TAINTS)) {
    if (conditionOf(node, type)?.status === 'True') wanted.push({ key, effect: 'NoSchedule' });
  }
  const kept = current.filter((taint) => !MANAGED_KEYS.has(taint.key));
  const managed = wanted.map((taint) => {
    const existing = current.find((other) => other.key === taint.key && other.effect === taint.effect);
    if (existing !== undefined) return existing;
    return taint.effect === 'NoExecute' ? { ...taint, timeAdded: now } : taint;
  });
  return [...kept, ...managed];
}

/** Whether two taint lists hold the same taints (order ignored). */
export function sameTaints(a: readonly Taint[], b: readonly Taint[]): boolean {
  const id = (taint: Taint) => `${taint.key}=${taint.value ?? ''}:${taint.effect}`;
  const left = new Set(a.map(id));
  return a.length === b.length && b.every((taint) => left.has(id(taint)));
}
