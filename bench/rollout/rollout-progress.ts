import { performance } from 'node:perf_hooks';
import type { RolloutView } from './rollout-tracker.js';

/**
 * Whether a rollout to `image` is complete, as `kubectl rollout status` and the issue
 * define it: the controller has seen `generation`, every replica is updated and
 * available, no other pods remain, and every old ReplicaSet is scaled to 0.
 */
export function isComplete(view: RolloutView, generation: number, replicas: number, image: string): boolean {
  const { deployment } = view;
  const status = deployment?.status;
  if (deployment === undefined || status === undefined) return false;
  if ((status.observedGeneration ?? 0) < Math.max(generation, deployment.metadata.generation ?? 0)) return false;
  if (status.updatedReplicas !== replicas || status.availableReplicas !== replicas || status.replicas !== replicas) return false;
  return view.replicaSets.every(
    (rs) => rs.spec?.template?.spec?.containers[0]?.image === image || ((rs.spec?.replicas ?? 0) === 0 && (rs.status?.replicas ?? 0) === 0),
  );
}

/** A point on the way, and when it was first reached (ms after the phase began). */
export interface Milestone {
  readonly name: string;
  readonly atMs: number;
}

export interface MilestoneSpec {
  readonly name: string;
  readonly reached: (view: RolloutView) => boolean;
}

/** Records when each milestone's condition first holds for the Deployment. */
export class MilestoneRecorder {
  readonly #specs: readonly MilestoneSpec[];
  readonly #reached = new Map<string, number>();

  constructor(specs: readonly MilestoneSpec[]) {
    this.#specs = specs;
  }

  check(view: RolloutView, startedAt: number): void {
    for (const spec of this.#specs) {
      if (!this.#reached.has(spec.name) && spec.reached(view)) this.#reached.set(spec.name, performance.now() - startedAt);
    }
  }

  /** The milestones reached, in the order given. */
  reached(): Milestone[] {
    return this.#specs.flatMap((spec) => {
      const atMs = this.#reached.get(spec.name);
      return atMs === undefined ? [] : [{ name: spec.name, atMs }];
    });
  }
}

export interface ProgressExtremes {
  /** The most pods the Deployment's ReplicaSets reported at once. */
  readonly maxPods: number;
  /** The fewest available replicas the Deployment reported. */
  readonly minAvailable: number;
}

/** Tracks, over a rolling update, the most pods and the fewest available replicas seen. */
export function trackExtremes(): { observe: (view: RolloutView) => void; result: () => ProgressExtremes } {
  let maxPods = 0;
  let minAvailable = Number.POSITIVE_INFINITY;
  return {
    observe: (view) => {
      const pods = view.replicaSets.reduce((sum, rs) => sum + (rs.status?.replicas ?? 0), 0);
      maxPods = Math.max(maxPods, pods, view.deployment?.status?.replicas ?? 0);
      const status = view.deployment?.status;
      if (status !== undefined) minAvailable = Math.min(minAvailable, status.availableReplicas ?? 0);
    },
    result: () => ({ maxPods, minAvailable: Number.isFinite(minAvailable) ? minAvailable : 0 }),
  };
}
