import type { ClusterEvent } from '../../framework/cluster-event.js';
import { type CycleState, StateKey } from '../../framework/cycle-state.js';
import { defaultNormalizeScores } from '../../framework/default-normalize.js';
import type { NodeInfo } from '../../framework/node-info.js';
import type { FilterPlugin, PreFilterNodes, PreFilterPlugin, PreScorePlugin, ScorePlugin } from '../../framework/plugin.js';
import type { PodInfo } from '../../framework/pod-info.js';
import { NodeSelectorTerm, RequiredNodeAffinity } from '../../framework/required-node-affinity.js';
import { Status } from '../../framework/status.js';

export const ERR_REASON_POD = "node(s) didn't match Pod's node affinity/selector";

const REQUIRED = new StateKey<RequiredNodeAffinity>('NodeAffinity/required');
const PREFERRED = new StateKey<readonly { term: NodeSelectorTerm; weight: number }[]>('NodeAffinity/preferred');

/**
 * Filter: the pod's nodeSelector and required node affinity (label expressions, and
 * metadata.name fields, which DaemonSet pods use to pin their node). Score: the sum
 * of the weights of the preferred terms a node matches.
 */
export class NodeAffinity implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin {
  readonly name = 'NodeAffinity';

  eventsToRegister(): readonly ClusterEvent[] {
    return ['NodeAdd', 'NodeLabelChange'];
  }

  preFilter(state: CycleState, pod: PodInfo): Status | PreFilterNodes {
    const required = new RequiredNodeAffinity(pod.pod);
    if (required.isEmpty) return Status.skip;
    state.write(REQUIRED, required);
    const nodeNames = required.nodeNames();
    return nodeNames === undefined ? Status.success : { nodeNames };
  }

  filter(state: CycleState, pod: PodInfo, node: NodeInfo): Status {
    const required = state.read(REQUIRED) ?? new RequiredNodeAffinity(pod.pod);
    return required.matches(node) ? Status.success : Status.unresolvable(ERR_REASON_POD);
  }

  preScore(state: CycleState, pod: PodInfo): Status {
    const preferred = pod.pod.spec?.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? [];
    if (preferred.length === 0) return Status.skip;
    state.write(
      PREFERRED,
      preferred.map((term) => ({ term: new NodeSelectorTerm(term.preference), weight: term.weight })),
    );
    return Status.success;
  }

  score(state: CycleState, _pod: PodInfo, node: NodeInfo): number {
    let total = 0;
    for (const { term, weight } of state.read(PREFERRED) ?? []) if (weight !== 0 && term.matches(node)) total += weight;
    return total;
  }

  normalizeScores(_state: CycleState, _pod: PodInfo, scores: number[]): void {
    defaultNormalizeScores(scores, false);
  }
}
