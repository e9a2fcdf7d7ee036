import type { AffinityTerm } from '../../framework/affinity-term.js';
import type { ClusterEvent } from '../../framework/cluster-event.js';
import { type CycleState, StateKey } from '../../framework/cycle-state.js';
import type { NodeInfo } from '../../framework/node-info.js';
import { type FilterPlugin, MAX_NODE_SCORE, type PreFilterPlugin, type PreScorePlugin, type ScorePlugin } from '../../framework/plugin.js';
import type { PodInfo } from '../../framework/pod-info.js';
import type { FrameworkHandle } from '../../framework/snapshot.js';
import { Status } from '../../framework/status.js';
import { TopologyCounts } from './topology-counts.js';

export const ERR_REASON_EXISTING_ANTI_AFFINITY = "node(s) didn't satisfy existing pods anti-affinity rules";
export const ERR_REASON_AFFINITY = "node(s) didn't match pod affinity rules";
export const ERR_REASON_ANTI_AFFINITY = "node(s) didn't match pod anti-affinity rules";
/** The weight an existing pod's required affinity term adds to the nodes it prefers. */
const HARD_POD_AFFINITY_WEIGHT = 1;

interface FilterState {
  /** Pairs where an existing pod's required anti-affinity rejects the incoming pod. */
  readonly existingAntiAffinity: TopologyCounts;
  /** Pairs holding pods that match all the incoming pod's required affinity terms. */
  readonly affinity: TopologyCounts;
  /** Pairs holding pods that one of the incoming pod's anti-affinity terms selects. */
  readonly antiAffinity: TopologyCounts;
}

const FILTER_STATE = new StateKey<FilterState>('InterPodAffinity/filter');
const SCORE_STATE = new StateKey<TopologyCounts>('InterPodAffinity/score');

/**
 * Required and preferred pod affinity and anti-affinity by topology key, as upstream:
 * PreFilter counts matching pods per topology pair, Filter checks the node's pairs,
 * PreScore/Score add and subtract the preferred terms' weights (both the incoming
 * pod's and existing pods' terms).
 */
export class InterPodAffinity implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin {
  readonly name = 'InterPodAffinity';
  readonly #handle: FrameworkHandle;

  constructor(handle: FrameworkHandle) {
    this.#handle = handle;
  }

  eventsToRegister(): readonly ClusterEvent[] {
    return ['AssignedPodAdd', 'AssignedPodUpdate', 'AssignedPodDelete', 'NodeAdd', 'NodeLabelChange', 'NamespaceChange'];
  }

  preFilter(state: CycleState, pod: PodInfo): Status {
    const { snapshot, namespaceLabels } = this.#handle;
    const hasRequired = pod.requiredAffinity.length + pod.requiredAntiAffinity.length > 0;
    if (!hasRequired && snapshot.podsWithRequiredAntiAffinity === 0) return Status.skip;
    const result: FilterState = { existingAntiAffinity: new TopologyCounts(), affinity: new TopologyCounts(), antiAffinity: new TopologyCounts() };
    for (const node of snapshot.nodes) {
      if (node.podsWithRequiredAntiAffinity === 0 && !hasRequired) continue;
      for (const existing of node.pods.values()) {
        for (const term of existing.requiredAntiAffinity) {
          if (term.matches(pod.namespace, pod.labels, namespaceLabels)) result.existingAntiAffinity.add(term.topologyKey, node.labels[term.topologyKey], 1);
        }
        if (!hasRequired) continue;
        if (pod.requiredAffinity.length > 0 && matchesAll(pod.requiredAffinity, existing, this.#handle)) {
          for (const term of pod.requiredAffinity) result.affinity.add(term.topologyKey, node.labels[term.topologyKey], 1);
        }
        for (const term of pod.requiredAntiAffinity) {
          if (term.matches(existing.namespace, existing.labels, namespaceLabels)) result.antiAffinity.add(term.topologyKey, node.labels[term.topologyKey], 1);
        }
      }
    }
    state.write(FILTER_STATE, result);
    return Status.success;
  }

  filter(state: CycleState, pod: PodInfo, node: NodeInfo): Status {
    const counts = state.read(FILTER_STATE);
    if (counts === undefined) return Status.success;
    if (!counts.existingAntiAffinity.isEmpty && counts.existingAntiAffinity.anyMatch(node.labels)) {
      return Status.unschedulable(ERR_REASON_EXISTING_ANTI_AFFINITY);
    }
    for (const term of pod.requiredAntiAffinity) {
      if (counts.antiAffinity.get(term.topologyKey, node.labels[term.topologyKey]) > 0) return Status.unschedulable(ERR_REASON_ANTI_AFFINITY);
    }
    if (pod.requiredAffinity.length > 0 && !this.#satisfiesAffinity(counts.affinity, pod, node)) {
      return Status.unresolvable(ERR_REASON_AFFINITY);
    }
    return Status.success;
  }

  #satisfiesAffinity(counts: TopologyCounts, pod: PodInfo, node: NodeInfo): boolean {
    let everyTermHasPods = true;
    for (const term of pod.requiredAffinity) {
      const value = node.labels[term.topologyKey];
      if (value === undefined) return false;
      if (counts.get(term.topologyKey, value) <= 0) everyTermHasPods = false;
    }
    if (everyTermHasPods) return true;
    // The first pod of a group that selects itself may go anywhere the topology keys exist.
    return counts.isEmpty && matchesAll(pod.requiredAffinity, pod, this.#handle);
  }

  preScore(state: CycleState, pod: PodInfo): Status {
    const { snapshot, namespaceLabels } = this.#handle;
    const hasPreferred = pod.preferredAffinity.length + pod.preferredAntiAffinity.length > 0;
    if (!hasPreferred && snapshot.podsWithAffinity === 0) return Status.skip;
    const scores = new TopologyCounts();
    for (const node of snapshot.nodes) {
      if (!hasPreferred && node.podsWithAffinity === 0) continue;
      for (const existing of node.pods.values()) {
        const add = (key: string, weight: number): void => {
          scores.add(key, node.labels[key], weight);
        };
        for (const term of pod.preferredAffinity) if (term.matches(existing.namespace, existing.labels, namespaceLabels)) add(term.topologyKey, term.weight);
        for (const term of pod.preferredAntiAffinity) if (term.matches(existing.namespace, existing.labels, namespaceLabels)) add(term.topologyKey, -term.weight);
        if (!existing.hasAffinity) continue;
        for (const term of existing.requiredAffinity) if (term.matches(pod.namespace, pod.labels, namespaceLabels)) add(term.topologyKey, HARD_POD_AFFINITY_WEIGHT);
        for (const term of existing.preferredAffinity) if (term.matches(pod.namespace, pod.labels, namespaceLabels)) add(term.topologyKey, term.weight);
        for (const term of existing.preferredAntiAffinity) if (term.matches(pod.namespace, pod.labels, namespaceLabels)) add(term.topologyKey, -term.weight);
      }
    }
    if (scores.isEmpty) return Status.skip;
    state.write(SCORE_STATE, scores);
    return Status.success;
  }

  score(state: CycleState, _pod: PodInfo, node: NodeInfo): number {
    return state.read(SCORE_STATE)?.sumFor(node.labels) ?? 0;
  }

  normalizeScores(_state: CycleState, _pod: PodInfo, scores: number[]): void {
    let min = Infinity;
    let max = -Infinity;
    for (const score of scores) {
      min = Math.min(min, score);
      max = Math.max(max, score);
    }
    const spread = max - min;
    for (let i = 0; i < scores.length; i++) scores[i] = spread > 0 ? Math.floor((MAX_NODE_SCORE * ((scores[i] ?? 0) - min)) / spread) : 0;
  }
}

function matchesAll(terms: readonly AffinityTerm[], pod: PodInfo, handle: FrameworkHandle): boolean {
  for (const term of terms) if (!term.matches(pod.namespace, pod.labels, handle.namespaceLabels)) return false;
  return true;
}
