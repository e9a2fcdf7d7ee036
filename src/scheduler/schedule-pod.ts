import type { CycleState } from './framework/cycle-state.js';
import { type Diagnosis, emptyDiagnosis } from './framework/diagnosis.js';
import type { Framework } from './framework/framework.js';
import type { NodeInfo } from './framework/node-info.js';
import type { PodInfo } from './framework/pod-info.js';
import type { Snapshot } from './framework/snapshot.js';
import { Status } from './framework/status.js';

export interface ScheduleResult {
  readonly nodeName: string;
  readonly evaluatedNodes: number;
  readonly feasibleNodes: number;
}

export type ScheduleOutcome =
  | { readonly kind: 'scheduled'; readonly result: ScheduleResult }
  | { readonly kind: 'unschedulable'; readonly diagnosis: Diagnosis }
  | { readonly kind: 'error'; readonly status: Status };

const MIN_FEASIBLE_NODES_TO_FIND = 100;
const MIN_FEASIBLE_NODES_PERCENTAGE = 5;
export const NO_NODES_AVAILABLE = 'no nodes available to schedule pods';

/**
 * How many feasible nodes are enough to stop filtering, as upstream's
 * percentageOfNodesToScore: all below 100 nodes; else `percentage`% of them, or
 * adaptively 50% - nodes/125 (at least 5%), and never fewer than 100.
 */
export function numFeasibleNodesToFind(numAllNodes: number, percentage = 0): number {
  if (numAllNodes < MIN_FEASIBLE_NODES_TO_FIND || percentage >= 100) return numAllNodes;
  let adaptive = percentage;
  if (adaptive <= 0) adaptive = Math.max(MIN_FEASIBLE_NODES_PERCENTAGE, 50 - Math.floor(numAllNodes / 125));
  return Math.max(MIN_FEASIBLE_NODES_TO_FIND, Math.floor((numAllNodes * adaptive) / 100));
}

/**
 * One scheduling cycle's algorithm (upstream's schedulePod): PreFilter, Filter over
 * a rotating sample of nodes until enough fit, then PreScore/Score and the best
 * node, ties broken at random.
 */
export class PodScheduler {
  readonly #framework: Framework;
  readonly #snapshot: Snapshot;
  readonly #percentageOfNodesToScore: number;
  #nextStartNodeIndex = 0;

  constructor(options: { framework: Framework; snapshot: Snapshot; percentageOfNodesToScore?: number }) {
    this.#framework = options.framework;
    this.#snapshot = options.snapshot;
    this.#percentageOfNodesToScore = options.percentageOfNodesToScore ?? 0;
  }

  schedule(state: CycleState, pod: PodInfo): ScheduleOutcome {
    const allNodes = this.#snapshot.nodes;
    if (allNodes.length === 0) return { kind: 'error', status: Status.error(NO_NODES_AVAILABLE) };
    const diagnosis = emptyDiagnosis(allNodes.length);
    const preFilter = this.#framework.runPreFilter(state, pod);
    if (!preFilter.status.isSuccess) {
      if (!preFilter.status.isRejected) return { kind: 'error', status: preFilter.status };
      for (const node of allNodes) diagnosis.nodeToStatus.set(node.name, preFilter.status);
      diagnosis.preFilterMessage = preFilter.status.message;
      diagnosis.unschedulablePlugins.add(preFilter.status.plugin);
      return { kind: 'unschedulable', diagnosis };
    }
    let candidates = allNodes;
    if (preFilter.nodeNames !== undefined) {
      candidates = [...preFilter.nodeNames].flatMap((name) => this.#snapshot.get(name) ?? []);
    }
    const feasible = this.#findFeasible(state, pod, candidates, candidates === allNodes, diagnosis);
    if (feasible instanceof Status) return { kind: 'error', status: feasible };
    if (feasible.length === 0) {
      if (preFilter.nodeNames !== undefined) this.#markAbsent(allNodes, diagnosis, preFilter.narrowedBy);
      return { kind: 'unschedulable', diagnosis };
    }
    const evaluatedNodes = feasible.length + diagnosis.nodeToStatus.size;
    if (feasible.length === 1) {
      return { kind: 'scheduled', result: { nodeName: (feasible[0] as NodeInfo).name, evaluatedNodes, feasibleNodes: 1 } };
    }
    const scores = this.#framework.runScore(state, pod, feasible);
    if (scores instanceof Status) return { kind: 'error', status: scores };
    return { kind: 'scheduled', result: { nodeName: selectHost(feasible, scores), evaluatedNodes, feasibleNodes: feasible.length } };
  }

  #findFeasible(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[], rotate: boolean, diagnosis: Diagnosis): NodeInfo[] | Status {
    const wanted = rotate ? numFeasibleNodesToFind(nodes.length, this.#percentageOfNodesToScore) : nodes.length;
    const filters = this.#framework.activeFilters(state);
    const feasible: NodeInfo[] = [];
    const start = rotate ? this.#nextStartNodeIndex % nodes.length : 0;
    let processed = 0;
    for (; processed < nodes.length && feasible.length < wanted; processed++) {
      const node = nodes[(start + processed) % nodes.length] as NodeInfo;
      const status = this.#framework.runFilter(filters, state, pod, node);
      if (status.isSuccess) {
        feasible.push(node);
      } else if (status.isRejected) {
        diagnosis.nodeToStatus.set(node.name, status);
        diagnosis.unschedulablePlugins.add(status.plugin);
      } else {
        return status;
      }
    }
    if (rotate) this.#nextStartNodeIndex = (start + processed) % nodes.length;
    return feasible;
  }

  #markAbsent(allNodes: readonly NodeInfo[], diagnosis: Diagnosis, plugins: readonly string[]): void {
    const status = Status.unresolvable(`node(s) didn't satisfy plugin(s) [${[...plugins].sort().join(' ')}]`);
    for (const node of allNodes) if (!diagnosis.nodeToStatus.has(node.name)) diagnosis.nodeToStatus.set(node.name, status);
    for (const plugin of plugins) diagnosis.unschedulablePlugins.add(plugin);
  }
}

/** The node with the highest score; among equals, each is equally likely (reservoir sampling). */
export function selectHost(nodes: readonly NodeInfo[], scores: readonly number[], random: () => number = Math.random): string {
  let best = -Infinity;
  let chosen = '';
  let ties = 0;
  for (let i = 0; i < nodes.length; i++) {
    const score = scores[i] ?? 0;
    if (score > best) {
      best = score;
      chosen = (nodes[i] as NodeInfo).name;
      ties = 1;
    } else if (score === best) {
      ties++;
      if (random() * ties < 1) chosen = (nodes[i] as NodeInfo).name;
    }
  }
  return chosen;
}
