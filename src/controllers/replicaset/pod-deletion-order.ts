import type { Pod } from '../../api/kinds.js';
import { PodState } from './pod-state.js';

const PHASE_ORDER: Readonly<Record<string, number>> = { Pending: 0, Unknown: 1, Running: 2 };
const DELETION_COST = 'controller.kubernetes.io/pod-deletion-cost';

export interface RankedPod {
  readonly pod: Pod;
  /** How many related active pods share this pod's node. */
  readonly rank: number;
}

function deletionCost(pod: Pod): number {
  const value = Number.parseInt(pod.metadata.annotations?.[DELETION_COST] ?? '', 10);
  return Number.isNaN(value) ? 0 : value;
}

function restarts(pod: Pod): { regular: number; sidecar: number } {
  const regular = Math.max(0, ...(pod.status?.containerStatuses ?? []).map((status) => status.restartCount));
  const sidecars = new Set((pod.spec?.initContainers ?? []).filter((container) => container.restartPolicy === 'Always').map((container) => container.name));
  const sidecar = Math.max(0, ...(pod.status?.initContainerStatuses ?? []).filter((status) => sidecars.has(status.name)).map((status) => status.restartCount));
  return { regular, sidecar };
}

/** Upstream's afterOrZero: a missing time sorts first, else the later time. */
function laterOrMissing(a: number | undefined, b: number | undefined): boolean {
  if (a === undefined || b === undefined) return a === undefined;
  return a > b;
}

/** Compares the ages of two times in powers of two (upstream's LogarithmicScaleDown), so pods of similar age tie. */
function youngerOnLogScale(a: number | undefined, b: number | undefined, now: number, tieBreak: () => boolean): boolean {
  if (a === undefined || b === undefined) return laterOrMissing(a, b);
  const bucket = (time: number) => {
    const nanoseconds = (now - time) * 1e6;
    return nanoseconds <= 0 ? -1 : Math.floor(Math.log2(nanoseconds));
  };
  const difference = bucket(a) - bucket(b);
  return difference === 0 ? tieBreak() : difference < 0;
}

function creationTime(pod: Pod): number | undefined {
  const time = Date.parse(pod.metadata.creationTimestamp ?? '');
  return Number.isNaN(time) ? undefined : time;
}

/**
 * Whether pod `a` should be deleted before pod `b`, in upstream's order:
 * unscheduled, then Pending < Unknown < Running, not ready, lower deletion cost,
 * more pods on the same node, ready for less time, more restarts, newer.
 */
export function deleteBefore(a: RankedPod, b: RankedPod, now: number): boolean {
  const nodeA = a.pod.spec?.nodeName ?? '';
  const nodeB = b.pod.spec?.nodeName ?? '';
  if (nodeA !== nodeB && (nodeA === '' || nodeB === '')) return nodeA === '';
  const phaseA = PHASE_ORDER[a.pod.status?.phase ?? ''] ?? 0;
  const phaseB = PHASE_ORDER[b.pod.status?.phase ?? ''] ?? 0;
  if (phaseA !== phaseB) return phaseA < phaseB;
  const readyA = PodState.isReady(a.pod);
  const readyB = PodState.isReady(b.pod);
  if (readyA !== readyB) return !readyA;
  const costA = deletionCost(a.pod);
  const costB = deletionCost(b.pod);
  if (costA !== costB) return costA < costB;
  if (a.rank !== b.rank) return a.rank > b.rank;
  const uidTie = () => (a.pod.metadata.uid ?? '') < (b.pod.metadata.uid ?? '');
  if (readyA && readyB) {
    const sinceA = PodState.readySince(a.pod);
    const sinceB = PodState.readySince(b.pod);
    if (sinceA !== sinceB) return youngerOnLogScale(sinceA, sinceB, now, uidTie);
  }
  const restartsA = restarts(a.pod);
  const restartsB = restarts(b.pod);
  if (restartsA.regular !== restartsB.regular) return restartsA.regular > restartsB.regular;
  if (restartsA.sidecar !== restartsB.sidecar) return restartsA.sidecar > restartsB.sidecar;
  const createdA = creationTime(a.pod);
  const createdB = creationTime(b.pod);
  if (createdA !== createdB) return youngerOnLogScale(createdA, createdB, now, uidTie);
  return false;
}

/**
 * The `count` pods to delete first. `related` are the active pods of this ReplicaSet
 * and of its siblings (same owning Deployment): pods on crowded nodes go first.
 */
export function podsToDelete(pods: readonly Pod[], related: readonly Pod[], count: number, now: number): Pod[] {
  if (count >= pods.length) return [...pods];
  const perNode = new Map<string, number>();
  for (const pod of related) {
    if (!PodState.isActive(pod)) continue;
    const node = pod.spec?.nodeName ?? '';
    perNode.set(node, (perNode.get(node) ?? 0) + 1);
  }
  const ranked = pods.map((pod) => ({ pod, rank: perNode.get(pod.spec?.nodeName ?? '') ?? 0 }));
  ranked.sort((a, b) => (deleteBefore(a, b, now) ? -1 : deleteBefore(b, a, now) ? 1 : 0));
  return ranked.slice(0, count).map((entry) => entry.pod);
}
