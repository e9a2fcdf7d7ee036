import type { ClusterEvent } from './cluster-event.js';
import type { CycleState } from './cycle-state.js';
import type { Diagnosis } from './diagnosis.js';
import type { NodeInfo } from './node-info.js';
import type { PodInfo } from './pod-info.js';
import type { Status } from './status.js';

/** The highest score a plugin gives a node after normalizing. */
export const MAX_NODE_SCORE = 100;

export interface Plugin {
  readonly name: string;
  /** The cluster changes that may make pods this plugin rejected schedulable. */
  eventsToRegister?(): readonly ClusterEvent[];
}

/** A PreFilter may narrow the nodes worth filtering (e.g. a DaemonSet pod's one node). */
export interface PreFilterNodes {
  readonly nodeNames: ReadonlySet<string>;
}

export interface PreFilterPlugin extends Plugin {
  /** Success, Skip (its Filter will not run), a rejection for every node, or the only nodes to try. */
  preFilter(state: CycleState, pod: PodInfo): Status | PreFilterNodes;
}

export interface FilterPlugin extends Plugin {
  filter(state: CycleState, pod: PodInfo, node: NodeInfo): Status;
}

export interface PostFilterResult {
  readonly status: Status;
  readonly nominatedNodeName?: string;
}

export interface PostFilterPlugin extends Plugin {
  postFilter(state: CycleState, pod: PodInfo, diagnosis: Diagnosis): PostFilterResult;
}

export interface PreScorePlugin extends Plugin {
  /** Success, or Skip (its Score will not run this cycle). */
  preScore(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]): Status;
}

export interface ScorePlugin extends Plugin {
  /** A raw score; plugins here cannot fail while scoring, so a number rather than a Status. */
  score(state: CycleState, pod: PodInfo, node: NodeInfo): number;
  /** Rescales `scores` (one per node, in `nodes` order) in place to 0..MAX_NODE_SCORE. */
  normalizeScores?(state: CycleState, pod: PodInfo, scores: number[]): void;
}

export interface ReservePlugin extends Plugin {
  reserve(state: CycleState, pod: PodInfo, nodeName: string): Status;
  unreserve(state: CycleState, pod: PodInfo, nodeName: string): void;
}

export interface PermitPlugin extends Plugin {
  /** Success or a rejection; waiting permits are not supported. */
  permit(state: CycleState, pod: PodInfo, nodeName: string): Status;
}

export interface BindPlugin extends Plugin {
  /** Success, an error, or Skip to let the next bind plugin bind. */
  bind(state: CycleState, pod: PodInfo, nodeName: string): Promise<Status>;
}

export interface PostBindPlugin extends Plugin {
  postBind(state: CycleState, pod: PodInfo, nodeName: string): void;
}

/** The extension points a plugin object implements, found by its methods. */
export const isPreFilter = (plugin: Plugin): plugin is PreFilterPlugin => 'preFilter' in plugin;
export const isFilter = (plugin: Plugin): plugin is FilterPlugin => 'filter' in plugin;
export const isPostFilter = (plugin: Plugin): plugin is PostFilterPlugin => 'postFilter' in plugin;
export const isPreScore = (plugin: Plugin): plugin is PreScorePlugin => 'preScore' in plugin;
export const isScore = (plugin: Plugin): plugin is ScorePlugin => 'score' in plugin;
export const isReserve = (plugin: Plugin): plugin is ReservePlugin => 'reserve' in plugin;
export const isPermit = (plugin: Plugin): plugin is PermitPlugin => 'permit' in plugin;
export const isBind = (plugin: Plugin): plugin is BindPlugin => 'bind' in plugin;
export const isPostBind = (plugin: Plugin): plugin is PostBindPlugin => 'postBind' in plugin;
