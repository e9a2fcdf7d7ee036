import type { Deployment, Pod, ReplicaSet } from '../../api/kinds.js';
import { fromLabelSelector, type LabelSelector } from '../../api/label-selector.js';
import { resourceOf } from '../../client/api-client.js';
import { isNotFound } from '../../client/api-status-error.js';
import type { Informer } from '../../client/informer.js';
import type { ControllerContext } from '../runtime/controller-context.js';
import { controllerOf } from '../runtime/enqueue-handlers.js';
import { TerminalError, type ReconcileResult, type Reconciler } from '../runtime/reconciler.js';
import { isScalingEvent, syncScaling } from './deployment-scale.js';
import { DeploymentConditions, Reasons } from './deployment-conditions.js';
import { hasProgressDeadline } from './deployment-status.js';
import { DeploymentSync } from './deployment-sync.js';
import { newAndOldReplicaSets } from './new-replica-set.js';
import { rolloutRecreate } from './recreate.js';
import { rolloutRolling } from './rolling-update.js';

const DEPLOYMENTS = resourceOf('apps/v1', 'Deployment');
const REPLICA_SETS = resourceOf('apps/v1', 'ReplicaSet');

export interface DeploymentReconcilerOptions {
  readonly context: ControllerContext;
  readonly deployments: Informer<Deployment>;
  readonly sets: Informer<ReplicaSet>;
  readonly pods: Informer<Pod>;
}

function selectsEverything(deployment: Deployment): boolean {
  const selector = deployment.spec?.selector;
  return selector !== undefined && Object.keys(selector.matchLabels ?? {}).length === 0 && (selector.matchExpressions ?? []).length === 0;
}

/** Rolls a Deployment's pods from ReplicaSet to ReplicaSet by its strategy and reports the rollout (upstream's syncDeployment). */
export class DeploymentReconciler implements Reconciler {
  readonly #options: DeploymentReconcilerOptions;

  constructor(options: DeploymentReconcilerOptions) {
    this.#options = options;
  }

  async reconcile(key: string): Promise<ReconcileResult | undefined> {
    const { context, deployments } = this.#options;
    const deployment = deployments.getByKey(key);
    if (deployment === undefined) return undefined;
    if (selectsEverything(deployment)) {
      context.recorder.event(deployment, 'Warning', 'SelectingAll', 'This deployment is selecting all pods. A non-empty selector is required.');
      if ((deployment.status?.observedGeneration ?? 0) < (deployment.metadata.generation ?? 0)) {
        const status = { ...deployment.status, observedGeneration: deployment.metadata.generation ?? 0 };
        await context.client.update(DEPLOYMENTS, { ...deployment, status }, { subresource: 'status' });
      }
      return undefined;
    }
    const { selector } = fromLabelSelector(deployment.spec?.selector);
    if (selector === undefined) throw new TerminalError(`Deployment ${key} has an invalid selector`);
    const sets = await this.#claimReplicaSets(deployment, selector);
    const sync = new DeploymentSync(context, deployment, sets);
    if (deployment.metadata.deletionTimestamp !== undefined) {
      const { newSet, oldSets } = await newAndOldReplicaSets(sync, false);
      return await sync.syncStatus([...oldSets, newSet], newSet);
    }
    await this.#checkPausedCondition(sync);
    if (deployment.spec?.paused === true || (await isScalingEvent(sync))) return await syncScaling(sync);
    if (deployment.spec?.strategy?.type === 'Recreate') return await rolloutRecreate(sync, this.#podsBySet(deployment, selector, sets));
    return await rolloutRolling(sync);
  }

  /** Marks Progressing Unknown when the deployment is paused or resumed (unless it already timed out). */
  async #checkPausedCondition(sync: DeploymentSync): Promise<void> {
    const deployment = sync.deployment;
    if (!hasProgressDeadline(deployment)) return;
    const current = DeploymentConditions.get(deployment.status, 'Progressing');
    if (current?.reason === Reasons.progressDeadlineExceeded) return;
    const pausedNoted = current?.reason === Reasons.paused;
    const paused = deployment.spec?.paused === true;
    if (paused === pausedNoted) return;
    const status = structuredClone(deployment.status ?? {});
    const condition = paused
      ? DeploymentConditions.make('Progressing', 'Unknown', Reasons.paused, 'Deployment is paused', sync.now)
      : DeploymentConditions.make('Progressing', 'Unknown', Reasons.resumed, 'Deployment is resumed', sync.now);
    DeploymentConditions.set(status, condition);
    await sync.save({ status });
  }

  /** The deployment's pods grouped by the uid of their ReplicaSet (for Recreate). */
  #podsBySet(deployment: Deployment, selector: LabelSelector, sets: readonly ReplicaSet[]): Map<string, Pod[]> {
    const bySet = new Map<string, Pod[]>(sets.map((set) => [set.metadata.uid ?? '', []]));
    for (const pod of this.#options.pods.list(deployment.metadata.namespace)) {
      if (!selector.matches(pod.metadata.labels)) continue;
      bySet.get(controllerOf(pod)?.uid ?? '')?.push(pod);
    }
    return bySet;
  }

  /** Owned sets that still match (others are released) and matching orphans (adopted), as upstream's ClaimReplicaSets. */
  async #claimReplicaSets(deployment: Deployment, selector: LabelSelector): Promise<ReplicaSet[]> {
    const { client } = this.#options.context;
    const uid = deployment.metadata.uid ?? '';
    const deleting = deployment.metadata.deletionTimestamp !== undefined;
    const claimed: ReplicaSet[] = [];
    const orphans: ReplicaSet[] = [];
    for (const set of this.#options.sets.list(deployment.metadata.namespace)) {
      const owner = controllerOf(set);
      const matches = selector.matches(set.metadata.labels);
      if (owner?.uid === uid) {
        if (matches) claimed.push(set);
        else if (!deleting) await this.#release(deployment, set);
      } else if (owner === undefined && matches && !deleting && set.metadata.deletionTimestamp === undefined) {
        orphans.push(set);
      }
    }
    if (orphans.length === 0 || !(await this.#canAdopt(deployment))) return claimed;
    for (const orphan of orphans) {
      const ownerReferences = [
        ...(orphan.metadata.ownerReferences ?? []),
        { apiVersion: 'apps/v1', kind: 'Deployment', name: deployment.metadata.name ?? '', uid, controller: true, blockOwnerDeletion: true },
      ];
      try {
        claimed.push(await client.patch<ReplicaSet>(REPLICA_SETS, orphan.metadata.namespace, orphan.metadata.name ?? '', 'merge', {
          metadata: { ownerReferences, resourceVersion: orphan.metadata.resourceVersion },
        }));
      } catch (error) {
        if (!isNotFound(error)) throw error;
      }
    }
    return claimed;
  }

  async #release(deployment: Deployment, set: ReplicaSet): Promise<void> {
    const ownerReferences = (set.metadata.ownerReferences ?? []).filter((reference) => reference.uid !== deployment.metadata.uid);
    try {
      await this.#options.context.client.patch(REPLICA_SETS, set.metadata.namespace, set.metadata.name ?? '', 'merge', {
        metadata: { ownerReferences: ownerReferences.length === 0 ? null : ownerReferences, resourceVersion: set.metadata.resourceVersion },
      });
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }

  async #canAdopt(deployment: Deployment): Promise<boolean> {
    try {
      const fresh = await this.#options.context.client.get<Deployment>(DEPLOYMENTS, deployment.metadata.namespace, deployment.metadata.name ?? '');
      return fresh.metadata.uid === deployment.metadata.uid && fresh.metadata.deletionTimestamp === undefined;
    } catch (error) {
      if (isNotFound(error)) return false;
      throw error;
    }
  }
}
