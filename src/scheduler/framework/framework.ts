import type { ClusterEvent } from './cluster-event.js';
import type { CycleState } from './cycle-state.js';
import type { Diagnosis } from './diagnosis.js';
import type { NodeInfo } from './node-info.js';
import {
  type BindPlugin,
  type FilterPlugin,
  isBind,
  isFilter,
  isPermit,
  isPostBind,
  isPostFilter,
  isPreFilter,
  isPreScore,
  isReserve,
  isScore,
  type PermitPlugin,
  type Plugin,
  type PostBindPlugin,
  type PostFilterPlugin,
  type PostFilterResult,
  type PreFilterPlugin,
  type PreScorePlugin,
  type ReservePlugin,
  type ScorePlugin,
} from './plugin.js';
import type { PodInfo } from './pod-info.js';
import { Status } from './status.js';

export interface EnabledPlugin {
  readonly plugin: Plugin;
  /** The weight of its scores (Score plugins only); 1 unless set. */
  readonly weight?: number;
}

export interface PreFilterOutcome {
  readonly status: Status;
  /** The only nodes worth filtering, when a PreFilter narrowed them. */
  readonly nodeNames: ReadonlySet<string> | undefined;
  /** The plugins that narrowed them. */
  readonly narrowedBy: readonly string[];
}

/**
 * Runs a profile's plugins at each extension point in order, as upstream's
 * frameworkImpl: the first rejection ends PreFilter and Filter, Skip switches a
 * plugin's Filter or Score off for the cycle, scores are normalized then weighted.
 */
export class Framework {
  readonly #preFilter: PreFilterPlugin[];
  readonly #filter: FilterPlugin[];
  readonly #postFilter: PostFilterPlugin[];
  readonly #preScore: PreScorePlugin[];
  readonly #score: { plugin: ScorePlugin; weight: number }[];
  readonly #reserve: ReservePlugin[];
  readonly #permit: PermitPlugin[];
  readonly #bind: BindPlugin[];
  readonly #postBind: PostBindPlugin[];
  readonly #events = new Map<string, ReadonlySet<ClusterEvent>>();

  constructor(enabled: readonly EnabledPlugin[]) {
    const plugins = enabled.map((entry) => entry.plugin);
    this.#preFilter = plugins.filter(isPreFilter);
    this.#filter = plugins.filter(isFilter);
    this.#postFilter = plugins.filter(isPostFilter);
    this.#preScore = plugins.filter(isPreScore);
    this.#score = enabled.flatMap(({ plugin, weight }) => (isScore(plugin) ? [{ plugin, weight: weight ?? 1 }] : []));
    this.#reserve = plugins.filter(isReserve);
    this.#permit = plugins.filter(isPermit);
    this.#bind = plugins.filter(isBind);
    this.#postBind = plugins.filter(isPostBind);
    for (const plugin of plugins) this.#events.set(plugin.name, new Set(plugin.eventsToRegister?.() ?? []));
  }

  /** Whether a pod rejected by `plugins` may fit after `event` (always, when no plugin is known). */
  mayHelp(event: ClusterEvent, plugins: ReadonlySet<string>): boolean {
    if (plugins.size === 0) return true;
    for (const name of plugins) if (this.#events.get(name)?.has(event) !== false) return true;
    return false;
  }

  get hasScorePlugins(): boolean {
    return this.#score.length > 0;
  }

  runPreFilter(state: CycleState, pod: PodInfo): PreFilterOutcome {
    let nodeNames: Set<string> | undefined;
    const narrowedBy: string[] = [];
    for (const plugin of this.#preFilter) {
      const result = plugin.preFilter(state, pod);
      if (!(result instanceof Status)) {
        nodeNames = nodeNames === undefined ? new Set(result.nodeNames) : new Set([...nodeNames].filter((name) => result.nodeNames.has(name)));
        narrowedBy.push(plugin.name);
        continue;
      }
      if (result.code === 'Skip') state.skipFilter.add(plugin.name);
      else if (!result.isSuccess) return { status: result.withPlugin(plugin.name), nodeNames, narrowedBy };
    }
    return { status: Status.success, nodeNames, narrowedBy };
  }

  /** The Filter plugins this cycle runs (those whose PreFilter did not skip them). */
  activeFilters(state: CycleState): FilterPlugin[] {
    return state.skipFilter.size === 0 ? this.#filter : this.#filter.filter((plugin) => !state.skipFilter.has(plugin.name));
  }

  runFilter(filters: readonly FilterPlugin[], state: CycleState, pod: PodInfo, node: NodeInfo): Status {
    for (const plugin of filters) {
      const status = plugin.filter(state, pod, node);
      if (!status.isSuccess) return status.withPlugin(plugin.name);
    }
    return Status.success;
  }

  runPostFilter(state: CycleState, pod: PodInfo, diagnosis: Diagnosis): PostFilterResult {
    let last: PostFilterResult = { status: Status.unschedulable() };
    for (const plugin of this.#postFilter) {
      last = plugin.postFilter(state, pod, diagnosis);
      if (last.status.isSuccess || last.status.code === 'Error') return last;
    }
    return last;
  }

  /** Runs PreScore then Score over `nodes`; the weighted total per node, in `nodes` order. */
  runScore(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]): number[] | Status {
    for (const plugin of this.#preScore) {
      const status = plugin.preScore(state, pod, nodes);
      if (status.code === 'Skip') state.skipScore.add(plugin.name);
      else if (!status.isSuccess) return status.withPlugin(plugin.name);
    }
    const totals = new Array<number>(nodes.length).fill(0);
    const scores = new Array<number>(nodes.length);
    for (const { plugin, weight } of this.#score) {
      if (state.skipScore.has(plugin.name)) continue;
      for (let i = 0; i < nodes.length; i++) scores[i] = plugin.score(state, pod, nodes[i] as NodeInfo);
      plugin.normalizeScores?.(state, pod, scores);
      for (let i = 0; i < nodes.length; i++) totals[i] = (totals[i] ?? 0) + (scores[i] ?? 0) * weight;
    }
    return totals;
  }

  runReserve(state: CycleState, pod: PodInfo, nodeName: string): Status {
    for (const plugin of this.#reserve) {
      const status = plugin.reserve(state, pod, nodeName);
      if (!status.isSuccess) {
        this.runUnreserve(state, pod, nodeName);
        return status.withPlugin(plugin.name);
      }
    }
    return Status.success;
  }

  runUnreserve(state: CycleState, pod: PodInfo, nodeName: string): void {
    for (const plugin of [...this.#reserve].reverse()) plugin.unreserve(state, pod, nodeName);
  }

  runPermit(state: CycleState, pod: PodInfo, nodeName: string): Status {
    for (const plugin of this.#permit) {
      const status = plugin.permit(state, pod, nodeName);
      if (status.code === 'Wait') return Status.error(`plugin ${plugin.name} asked to wait, which is not supported`).withPlugin(plugin.name);
      if (!status.isSuccess) return status.withPlugin(plugin.name);
    }
    return Status.success;
  }

  async runBind(state: CycleState, pod: PodInfo, nodeName: string): Promise<Status> {
    for (const plugin of this.#bind) {
      const status = await plugin.bind(state, pod, nodeName);
      if (status.code !== 'Skip') return status.withPlugin(plugin.name);
    }
    return Status.error('no bind plugin bound the pod');
  }

  runPostBind(state: CycleState, pod: PodInfo, nodeName: string): void {
    for (const plugin of this.#postBind) plugin.postBind(state, pod, nodeName);
  }
}
