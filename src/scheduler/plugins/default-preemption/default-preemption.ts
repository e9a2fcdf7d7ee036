import type { CycleState } from '../../framework/cycle-state.js';
import { type Diagnosis, fitErrorMessage } from '../../framework/diagnosis.js';
import type { NodeInfo } from '../../framework/node-info.js';
import type { PostFilterPlugin, PostFilterResult } from '../../framework/plugin.js';
import type { PodInfo } from '../../framework/pod-info.js';
import type { FrameworkHandle } from '../../framework/snapshot.js';
import { Status } from '../../framework/status.js';

export const NOT_HELPFUL = 'Preemption is not helpful for scheduling';
export const NO_VICTIMS = 'No preemption victims found for incoming pod';

export interface PreemptionOptions {
  readonly handle: FrameworkHandle;
  /** Runs the Filter plugins on `node` as if `removed` were not on it. */
  readonly filterWithout: (state: CycleState, pod: PodInfo, node: NodeInfo, removed: readonly PodInfo[]) => Status;
  /** Deletes the victims and nominates the node for the preemptor. */
  readonly preempt: (pod: PodInfo, nodeName: string, victims: readonly PodInfo[]) => void;
}

interface Candidate {
  readonly node: NodeInfo;
  readonly victims: PodInfo[];
  readonly highest: number;
}

/**
 * Upstream's DefaultPreemption: on nodes where only resources, ports or
 * anti-affinity got in the way, looks for lower-priority pods whose removal lets the
 * pod fit, keeping as many of them as still fit (highest priority first); picks the
 * node whose most important victim matters least, then with fewest victims.
 * Limits: no PodDisruptionBudgets, and PreFilter state is not adjusted for removed
 * pods (InterPodAffinity and PodTopologySpread see them still there).
 */
export class DefaultPreemption implements PostFilterPlugin {
  readonly name = 'DefaultPreemption';
  readonly #options: PreemptionOptions;

  constructor(options: PreemptionOptions) {
    this.#options = options;
  }

  postFilter(state: CycleState, pod: PodInfo, diagnosis: Diagnosis): PostFilterResult {
    if (pod.pod.spec?.preemptionPolicy === 'Never') return { status: Status.unschedulable('not eligible due to preemptionPolicy=Never.') };
    const statuses = new Map<string, Status>();
    const candidates: Candidate[] = [];
    for (const node of this.#options.handle.snapshot.nodes) {
      const status = diagnosis.nodeToStatus.get(node.name);
      if (status?.code === 'UnschedulableAndUnresolvable') {
        statuses.set(node.name, Status.unresolvable(NOT_HELPFUL));
        continue;
      }
      const result = this.#victimsOn(state, pod, node);
      if (result instanceof Status) statuses.set(node.name, result);
      else candidates.push(result);
    }
    const best = candidates.sort((a, b) => a.highest - b.highest || a.victims.length - b.victims.length)[0];
    if (best === undefined) {
      const message = fitErrorMessage({ ...diagnosis, nodeToStatus: statuses, preFilterMessage: '', postFilterMessage: '' });
      return { status: Status.unschedulable(`preemption: ${message}`) };
    }
    this.#options.preempt(pod, best.node.name, best.victims);
    return { status: Status.success, nominatedNodeName: best.node.name };
  }

  #victimsOn(state: CycleState, pod: PodInfo, node: NodeInfo): Candidate | Status {
    const lower = [...node.pods.values()].filter((existing) => existing.priority < pod.priority);
    if (lower.length === 0) return Status.unresolvable(NO_VICTIMS);
    const status = this.#options.filterWithout(state, pod, node, lower);
    if (!status.isSuccess) return status;
    const victims = [...lower].sort((a, b) => b.priority - a.priority);
    for (const candidate of [...victims]) {
      const without = victims.filter((victim) => victim !== candidate);
      if (this.#options.filterWithout(state, pod, node, without).isSuccess) victims.splice(victims.indexOf(candidate), 1);
    }
    if (victims.length === 0) return Status.unresolvable(NO_VICTIMS);
    return { node, victims, highest: Math.max(...victims.map((victim) => victim.priority)) };
  }
}
