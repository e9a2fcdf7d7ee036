import type { Pod, ReplicaSet } from '../../api/kinds.js';
import { fromLabelSelector, LabelSelector } from '../../api/label-selector.js';
import { resourceOf } from '../../client/api-client.js';
import { isNotFound } from '../../client/api-status-error.js';
import type { Informer } from '../../client/informer.js';
import { errorMessage } from '../../util/errors.js';
import type { ControllerContext } from '../runtime/controller-context.js';
import { controllerOf } from '../runtime/enqueue-handlers.js';
import type { Expectations } from '../runtime/expectations.js';
import { TerminalError, type ReconcileResult, type Reconciler } from '../runtime/reconciler.js';
import { podsToDelete } from './pod-deletion-order.js';
import { PodState } from './pod-state.js';
import { BURST_REPLICAS, ReplicaSetPodControl } from './replica-set-pod-control.js';
import { replicaSetStatus, type ReplicaSetStatus } from './replica-set-status.js';
import { CONTROLLER_UID_INDEX } from './controller-uid-index.js';

const REPLICA_SETS = resourceOf('apps/v1', 'ReplicaSet');

export interface ReplicaSetReconcilerOptions {
  readonly context: ControllerContext;
  readonly sets: Informer<ReplicaSet>;
  readonly pods: Informer<Pod>;
  readonly expectations: Expectations;
}

function sameStatus(a: ReplicaSetStatus | undefined, b: ReplicaSetStatus): boolean {
  return JSON.stringify(a ?? {}) === JSON.stringify(b);
}

/** Keeps spec.replicas active pods of a ReplicaSet's template running and reports their status. */
export class ReplicaSetReconciler implements Reconciler {
  readonly #options: ReplicaSetReconcilerOptions;
  readonly #control: ReplicaSetPodControl;

  constructor(options: ReplicaSetReconcilerOptions) {
    this.#options = options;
    this.#control = new ReplicaSetPodControl(options.context, options.expectations);
  }

  async reconcile(key: string): Promise<ReconcileResult | undefined> {
    const { sets, expectations, context } = this.#options;
    const set = sets.getByKey(key);
    if (set === undefined) {
      expectations.forget(key);
      return undefined;
    }
    const needsSync = expectations.satisfied(key);
    const { selector } = fromLabelSelector(set.spec?.selector);
    if (selector === undefined) throw new TerminalError(`ReplicaSet ${key} has an invalid selector`);
    let pods = await this.#claimPods(set, selector);
    let manageError: Error | undefined;
    if (needsSync && set.metadata.deletionTimestamp === undefined) {
      try {
        const deleted = new Set(await this.#manageReplicas(set, pods));
        pods = pods.filter((pod) => !deleted.has(pod));
      } catch (error) {
        manageError = error instanceof Error ? error : new Error(errorMessage(error));
      }
    }
    const now = context.clock.now();
    const templateLabels = LabelSelector.of(Object.entries(set.spec?.template?.metadata?.labels ?? {}).map(([label, value]) => ({ key: label, operator: '=', values: [value] })));
    const status = replicaSetStatus({ set, pods, templateLabels, manageError, now });
    if (!sameStatus(set.status, status)) {
      await context.client.update(REPLICA_SETS, { ...set, status }, { subresource: 'status' });
    }
    if (manageError !== undefined) throw manageError;
    return this.#availabilityRecheck(set, pods, now);
  }

  /** When a ready pod will have been ready for minReadySeconds, reconcile again to count it available. */
  #availabilityRecheck(set: ReplicaSet, pods: readonly Pod[], now: number): ReconcileResult | undefined {
    const minReadySeconds = set.spec?.minReadySeconds ?? 0;
    if (minReadySeconds <= 0) return undefined;
    const pending = pods
      .filter((pod) => PodState.isReady(pod) && !PodState.isAvailable(pod, minReadySeconds, now))
      .map((pod) => (PodState.readySince(pod) ?? now) + minReadySeconds * 1000 - now);
    if (pending.length === 0) return undefined;
    return { requeueAfterMs: Math.max(0, Math.min(...pending)) + 1000 };
  }

  /** Creates or deletes pods towards spec.replicas; returns the pods it deleted (no longer active). */
  async #manageReplicas(set: ReplicaSet, pods: readonly Pod[]): Promise<Pod[]> {
    const diff = pods.length - (set.spec?.replicas ?? 1);
    if (diff < 0) await this.#control.createPods(set, Math.min(-diff, BURST_REPLICAS));
    if (diff <= 0) return [];
    const victims = podsToDelete(pods, this.#relatedPods(set), Math.min(diff, BURST_REPLICAS), this.#options.context.clock.now());
    await this.#control.deletePods(set, victims);
    return victims;
  }

  /** The pods of this set and of its siblings under the same controller (a Deployment's other ReplicaSets). */
  #relatedPods(set: ReplicaSet): Pod[] {
    const owner = controllerOf(set);
    const siblings = owner === undefined ? [set] : this.#options.sets.list(set.metadata.namespace).filter((other) => controllerOf(other)?.uid === owner.uid);
    return siblings.flatMap((sibling) => this.#options.pods.byIndex(CONTROLLER_UID_INDEX, sibling.metadata.uid ?? ''));
  }

  /**
   * The active pods this set controls: owned pods that still match (others are
   * released) and orphans that match (adopted), as upstream's ControllerRefManager.
   */
  async #claimPods(set: ReplicaSet, selector: LabelSelector): Promise<Pod[]> {
    const uid = set.metadata.uid ?? '';
    const deleting = set.metadata.deletionTimestamp !== undefined;
    const claimed: Pod[] = [];
    const orphans: Pod[] = [];
    for (const pod of this.#options.pods.list(set.metadata.namespace)) {
      if (!PodState.isActive(pod)) continue;
      const owner = controllerOf(pod);
      if (owner?.uid === uid) {
        if (selector.matches(pod.metadata.labels)) claimed.push(pod);
        else if (!deleting) await this.#control.release(set, pod);
      } else if (owner === undefined && !deleting && selector.matches(pod.metadata.labels)) {
        orphans.push(pod);
      }
    }
    if (orphans.length === 0 || !(await this.#canAdopt(set))) return claimed;
    for (const orphan of orphans) {
      try {
        claimed.push(await this.#control.adopt(set, orphan));
      } catch (error) {
        if (!isNotFound(error)) throw error;
      }
    }
    return claimed;
  }

  /** Adoption re-reads the set from the server: a cached set may already be deleted or replaced. */
  async #canAdopt(set: ReplicaSet): Promise<boolean> {
    try {
      const fresh = await this.#options.context.client.get<ReplicaSet>(REPLICA_SETS, set.metadata.namespace, set.metadata.name ?? '');
      return fresh.metadata.uid === set.metadata.uid && fresh.metadata.deletionTimestamp === undefined;
    } catch (error) {
      if (isNotFound(error)) return false;
      throw error;
    }
  }
}
