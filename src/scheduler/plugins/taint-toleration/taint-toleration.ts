import type { ClusterEvent } from '../../framework/cluster-event.js';
import type { CycleState } from '../../framework/cycle-state.js';
import { defaultNormalizeScores } from '../../framework/default-normalize.js';
import type { NodeInfo } from '../../framework/node-info.js';
import type { FilterPlugin, ScorePlugin } from '../../framework/plugin.js';
import type { PodInfo } from '../../framework/pod-info.js';
import { Status } from '../../framework/status.js';
import { firstUntoleratedTaint, tolerated } from '../../framework/tolerations.js';

const FILTER_EFFECTS: ReadonlySet<string> = new Set(['NoSchedule', 'NoExecute']);

/**
 * Filter: a node's NoSchedule and NoExecute taints must all be tolerated. Score:
 * fewer untolerated PreferNoSchedule taints is better.
 */
export class TaintToleration implements FilterPlugin, ScorePlugin {
  readonly name = 'TaintToleration';

  eventsToRegister(): readonly ClusterEvent[] {
    return ['NodeAdd', 'NodeTaintChange'];
  }

  filter(_state: CycleState, pod: PodInfo, node: NodeInfo): Status {
    if (node.taints.length === 0) return Status.success;
    const taint = firstUntoleratedTaint(node.taints, pod.tolerations, FILTER_EFFECTS);
    if (taint === undefined) return Status.success;
    return Status.unresolvable(`node(s) had untolerated taint {${taint.key}: ${taint.value ?? ''}}`);
  }

  score(_state: CycleState, pod: PodInfo, node: NodeInfo): number {
    let count = 0;
    for (const taint of node.taints) {
      if (taint.effect !== 'PreferNoSchedule') continue;
      const relevant = pod.tolerations.filter((t) => t.effect === undefined || t.effect === 'PreferNoSchedule');
      if (!tolerated(relevant, taint)) count++;
    }
    return count;
  }

  normalizeScores(_state: CycleState, _pod: PodInfo, scores: number[]): void {
    defaultNormalizeScores(scores, true);
  }
}
