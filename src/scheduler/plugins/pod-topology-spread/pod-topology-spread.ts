import type { ClusterEvent } from '../../framework/cluster-event.js';
import { type CycleState, StateKey } from '../../framework/cycle-state.js';
import type { NodeInfo } from '../../framework/node-info.js';
import { type FilterPlugin, MAX_NODE_SCORE, type PreFilterPlugin, type PreScorePlugin, type ScorePlugin } from '../../framework/plugin.js';
import type { PodInfo } from '../../framework/pod-info.js';
import { RequiredNodeAffinity } from '../../framework/required-node-affinity.js';
import type { FrameworkHandle } from '../../framework/snapshot.js';
import { Status } from '../../framework/status.js';
import { countMatching, defaultConstraints, HOSTNAME_KEY, nodeCounts, parseConstraints, type SpreadConstraint } from './spread-constraint.js';

export const ERR_REASON_CONSTRAINTS = "node(s) didn't match pod topology spread constraints";
export const ERR_REASON_MISSING_LABEL = "node(s) didn't match pod topology spread constraints (missing required label)";

interface FilterState {
  readonly constraints: readonly SpreadConstraint[];
  /** Per constraint: topology value -> matching pods. */
  readonly counts: readonly Map<string, number>[];
  /** Per constraint: the smallest count over its domains (0 when there are fewer than minDomains). */
  readonly minMatch: readonly number[];
}

interface ScoreState {
  readonly constraints: readonly SpreadConstraint[];
  readonly counts: readonly Map<string, number>[];
  readonly weights: readonly number[];
  readonly requireAllTopologies: boolean;
}

const FILTER_STATE = new StateKey<FilterState>('PodTopologySpread/filter');
const SCORE_STATE = new StateKey<ScoreState>('PodTopologySpread/score');

/**
 * Spreads pods matching a selector evenly over topology domains: DoNotSchedule
 * constraints filter (skew above maxSkew rejects), ScheduleAnyway constraints score.
 * Pods with no constraints get upstream's system defaults (by hostname and zone,
 * ScheduleAnyway) when Services or a controller select them.
 */
export class PodTopologySpread implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin {
  readonly name = 'PodTopologySpread';
  readonly #handle: FrameworkHandle;

  constructor(handle: FrameworkHandle) {
    this.#handle = handle;
  }

  eventsToRegister(): readonly ClusterEvent[] {
    return ['AssignedPodAdd', 'AssignedPodUpdate', 'AssignedPodDelete', 'NodeAdd', 'NodeDelete', 'NodeLabelChange', 'NodeTaintChange'];
  }

  preFilter(state: CycleState, pod: PodInfo): Status {
    const constraints = parseConstraints(pod, 'DoNotSchedule');
    if (constraints.length === 0) return Status.skip;
    const affinity = new RequiredNodeAffinity(pod.pod);
    const counts = constraints.map(() => new Map<string, number>());
    for (const node of this.#handle.snapshot.nodes) {
      if (!constraints.every((c) => node.labels[c.topologyKey] !== undefined)) continue;
      if (!nodeCounts(node, constraints, pod, affinity)) continue;
      constraints.forEach((constraint, i) => {
        const value = node.labels[constraint.topologyKey] ?? '';
        const map = counts[i] as Map<string, number>;
        map.set(value, (map.get(value) ?? 0) + countMatching(node, constraint.selector, pod.namespace));
      });
    }
    const minMatch = constraints.map((constraint, i) => {
      const map = counts[i] as Map<string, number>;
      if (map.size < constraint.minDomains) return 0;
      let min = Infinity;
      for (const count of map.values()) min = Math.min(min, count);
      return min === Infinity ? 0 : min;
    });
    state.write(FILTER_STATE, { constraints, counts, minMatch });
    return Status.success;
  }

  filter(state: CycleState, pod: PodInfo, node: NodeInfo): Status {
    const filterState = state.read(FILTER_STATE);
    if (filterState === undefined) return Status.success;
    const { constraints, counts, minMatch } = filterState;
    for (let i = 0; i < constraints.length; i++) {
      const constraint = constraints[i] as SpreadConstraint;
      const value = node.labels[constraint.topologyKey];
      if (value === undefined) return Status.unresolvable(ERR_REASON_MISSING_LABEL);
      const self = constraint.selector.matches(pod.labels) ? 1 : 0;
      const skew = (counts[i]?.get(value) ?? 0) + self - (minMatch[i] ?? 0);
      if (skew > constraint.maxSkew) return Status.unschedulable(ERR_REASON_CONSTRAINTS);
    }
    return Status.success;
  }

  preScore(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]): Status {
    let constraints = parseConstraints(pod, 'ScheduleAnyway');
    const explicit = (pod.pod.spec?.topologySpreadConstraints ?? []).length > 0;
    if (!explicit) {
      const selector = this.#handle.defaultSelector(pod);
      constraints = selector === undefined ? [] : defaultConstraints(selector);
    }
    if (constraints.length === 0) return Status.skip;
    const requireAllTopologies = explicit;
    const affinity = new RequiredNodeAffinity(pod.pod);
    const counts = constraints.map(() => new Map<string, number>());
    const domains = constraints.map(() => new Set<string>());
    for (const node of nodes) {
      if (requireAllTopologies && !hasAllKeys(node, constraints)) continue;
      constraints.forEach((constraint, i) => {
        const value = node.labels[constraint.topologyKey];
        if (value === undefined) return;
        domains[i]?.add(value);
        if (constraint.topologyKey !== HOSTNAME_KEY) counts[i]?.set(value, 0);
      });
    }
    for (const node of this.#handle.snapshot.nodes) {
      if (requireAllTopologies && !hasAllKeys(node, constraints)) continue;
      if (!nodeCounts(node, constraints, pod, affinity)) continue;
      constraints.forEach((constraint, i) => {
        const map = counts[i] as Map<string, number>;
        const value = node.labels[constraint.topologyKey];
        if (constraint.topologyKey === HOSTNAME_KEY || value === undefined || !map.has(value)) return;
        map.set(value, (map.get(value) ?? 0) + countMatching(node, constraint.selector, pod.namespace));
      });
    }
    const weights = domains.map((set) => Math.log(set.size + 2));
    state.write(SCORE_STATE, { constraints, counts, weights, requireAllTopologies });
    return Status.success;
  }

  score(state: CycleState, pod: PodInfo, node: NodeInfo): number {
    const scoreState = state.read(SCORE_STATE);
    if (scoreState === undefined) return 0;
    const { constraints, counts, weights, requireAllTopologies } = scoreState;
    if (requireAllTopologies && !hasAllKeys(node, constraints)) return -1;
    let score = 0;
    constraints.forEach((constraint, i) => {
      const value = node.labels[constraint.topologyKey];
      if (value === undefined) return;
      const count = constraint.topologyKey === HOSTNAME_KEY ? countMatching(node, constraint.selector, pod.namespace) : (counts[i]?.get(value) ?? 0);
      score += count * (weights[i] ?? 1) + (constraint.maxSkew - 1);
    });
    return Math.round(score);
  }

  /** Fewer matching pods is better; nodes lacking a required topology label (scored -1) get 0. */
  normalizeScores(state: CycleState, _pod: PodInfo, scores: number[]): void {
    if (state.read(SCORE_STATE) === undefined) return;
    let min = Infinity;
    let max = 0;
    for (const score of scores) {
      if (score < 0) continue;
      min = Math.min(min, score);
      max = Math.max(max, score);
    }
    for (let i = 0; i < scores.length; i++) {
      const score = scores[i] ?? 0;
      if (score < 0) scores[i] = 0;
      else if (max === 0) scores[i] = MAX_NODE_SCORE;
      else scores[i] = Math.floor((MAX_NODE_SCORE * (max + min - score)) / max);
    }
  }
}

function hasAllKeys(node: NodeInfo, constraints: readonly SpreadConstraint[]): boolean {
  for (const constraint of constraints) if (node.labels[constraint.topologyKey] === undefined) return false;
  return true;
}
