import type { Deployment, ReplicaSet } from '../../api/kinds.js';
import { resourceOf } from '../../client/api-client.js';
import { isNotFound } from '../../client/api-status-error.js';
import type { ControllerContext } from '../runtime/controller-context.js';
import type { ReconcileResult } from '../runtime/reconciler.js';
import type { DeploymentStatus } from './deployment-conditions.js';
import { calculateStatus, rolloutStatus, stuckRecheckMs } from './deployment-status.js';
import { REVISION_ANNOTATION, ReplicaSetAnnotations } from './replica-set-annotations.js';
import { ReplicaSets } from './replica-sets.js';

const DEPLOYMENTS = resourceOf('apps/v1', 'Deployment');
const REPLICA_SETS = resourceOf('apps/v1', 'ReplicaSet');

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * One sync of one Deployment: the deployment as last written and its ReplicaSets,
 * with the writes every strategy shares (scaling a set with its Event, the
 * deployment's revision and status, history cleanup).
 */
export class DeploymentSync {
  readonly context: ControllerContext;
  #deployment: Deployment;
  #sets: ReplicaSet[];

  constructor(context: ControllerContext, deployment: Deployment, sets: readonly ReplicaSet[]) {
    this.context = context;
    this.#deployment = structuredClone(deployment);
    this.#sets = [...sets];
  }

  get deployment(): Deployment {
    return this.#deployment;
  }

  get sets(): readonly ReplicaSet[] {
    return this.#sets;
  }

  get now(): number {
    return this.context.clock.now();
  }

  /** Replaces a set in this sync's view after writing it (or adds one just created). */
  remember(set: ReplicaSet): void {
    const index = this.#sets.findIndex((known) => known.metadata.uid === set.metadata.uid);
    if (index < 0) this.#sets.push(set);
    else this.#sets[index] = set;
  }

  /** Scales a set (and refreshes its replicas annotations), recording ScalingReplicaSet when the size changes. */
  async scaleReplicaSet(set: ReplicaSet, size: number, operation?: 'up' | 'down'): Promise<{ scaled: boolean; set: ReplicaSet }> {
    const deployment = this.#deployment;
    const oldSize = ReplicaSets.replicas(set);
    const sizeChanges = oldSize !== size;
    if (!sizeChanges && !ReplicaSetAnnotations.replicasNeedUpdate(set, deployment)) return { scaled: false, set };
    const copy = structuredClone(set);
    copy.spec = { ...copy.spec, replicas: size } as NonNullable<ReplicaSet['spec']>;
    ReplicaSetAnnotations.setReplicas(copy, deployment);
    const updated = await this.context.client.update(REPLICA_SETS, copy);
    this.remember(updated);
    if (sizeChanges) {
      const direction = operation ?? (oldSize < size ? 'up' : 'down');
      this.context.recorder.event(deployment, 'Normal', 'ScalingReplicaSet', `Scaled ${direction} replica set ${set.metadata.name ?? ''} from ${oldSize} to ${size}`);
    }
    return { scaled: sizeChanges, set: updated };
  }

  /**
   * Writes the deployment's revision annotation and status where they differ from the
   * stored ones, in one status update as upstream (the status subresource takes
   * annotations for Deployments and never moves the generation). The resourceVersion
   * read makes a concurrent spec change conflict instead of being marked observed.
   */
  async save(next: { revision?: string; status?: DeploymentStatus }): Promise<void> {
    const current = this.#deployment;
    const { revision, status } = next;
    const newRevision = revision !== undefined && current.metadata.annotations?.[REVISION_ANNOTATION] !== revision;
    const statusChanged = status !== undefined && !sameJson(current.status ?? {}, status);
    if (!newRevision && !statusChanged) return;
    const metadata = newRevision ? { ...current.metadata, annotations: { ...current.metadata.annotations, [REVISION_ANNOTATION]: revision } } : current.metadata;
    this.#deployment = await this.context.client.update(DEPLOYMENTS, { ...current, metadata, status: status ?? current.status ?? {} }, { subresource: 'status' });
  }

  /** Upstream's syncDeploymentStatus: counts and the Available condition only. */
  async syncStatus(all: readonly (ReplicaSet | undefined)[], newSet: ReplicaSet | undefined): Promise<ReconcileResult | undefined> {
    await this.save({ status: calculateStatus(this.#deployment, all, newSet, this.now) });
    return undefined;
  }

  /** Upstream's syncRolloutStatus, and when the rollout is stuck, when to check its deadline. */
  async syncRolloutStatus(all: readonly (ReplicaSet | undefined)[], newSet: ReplicaSet | undefined): Promise<ReconcileResult | undefined> {
    const before = this.#deployment;
    const status = rolloutStatus(before, all, newSet, this.now);
    await this.save({ status });
    const recheck = stuckRecheckMs(before, status, this.now);
    return recheck === undefined ? undefined : { requeueAfterMs: recheck };
  }

  /** Deletes the oldest scaled-down sets beyond revisionHistoryLimit. */
  async cleanup(oldSets: readonly ReplicaSet[]): Promise<void> {
    const limit = this.#deployment.spec?.revisionHistoryLimit;
    if (limit === undefined || limit === 2147483647) return;
    const cleanable = oldSets.filter((set) => set.metadata.deletionTimestamp === undefined).sort(ReplicaSets.byRevision);
    const excess = cleanable.length - limit;
    for (const set of cleanable.slice(0, Math.max(0, excess))) {
      const busy = (set.status?.replicas ?? 0) !== 0 || ReplicaSets.replicas(set) !== 0 || (set.metadata.generation ?? 0) > (set.status?.observedGeneration ?? 0);
      if (busy) continue;
      try {
        await this.context.client.delete(REPLICA_SETS, set.metadata.namespace, set.metadata.name ?? '');
      } catch (error) {
        if (!isNotFound(error)) throw error;
      }
    }
  }
}
