import type { ReplicaSet } from '../../api/kinds.js';
import { resourceOf } from '../../client/api-client.js';
import { isAlreadyExists } from '../../client/api-status-error.js';
import { errorMessage } from '../../util/errors.js';
import { controllerOf } from '../runtime/enqueue-handlers.js';
import { DeploymentConditions, Reasons } from './deployment-conditions.js';
import { hasProgressDeadline } from './deployment-status.js';
import type { DeploymentSync } from './deployment-sync.js';
import { equalIgnoringHash, POD_TEMPLATE_HASH_LABEL, podTemplateHash } from './pod-template-hash.js';
import { REVISION_ANNOTATION, ReplicaSetAnnotations } from './replica-set-annotations.js';
import { ReplicaSets } from './replica-sets.js';
import { desiredReplicas, rolloutLimits } from './rollout-limits.js';

const REPLICA_SETS = resourceOf('apps/v1', 'ReplicaSet');

export interface DeploymentReplicaSets {
  readonly newSet: ReplicaSet | undefined;
  readonly oldSets: ReplicaSet[];
}

/**
 * Upstream's getAllReplicaSetsAndSyncRevision: the old sets and the new one (the set
 * running the deployment's template), created when `create` is set and it does not
 * exist yet. The new set's revision goes above every old set's (so going back to an
 * old template bumps that set's revision) and the deployment takes that revision.
 */
export async function newAndOldReplicaSets(sync: DeploymentSync, create: boolean): Promise<DeploymentReplicaSets> {
  const oldSets = ReplicaSets.findOld(sync.deployment, sync.sets);
  const newRevision = ReplicaSetAnnotations.maxRevision(oldSets) + 1;
  const existing = ReplicaSets.findNew(sync.deployment, sync.sets);
  if (existing !== undefined) return { newSet: await syncExisting(sync, existing, newRevision), oldSets };
  if (!create) return { newSet: undefined, oldSets };
  return { newSet: await createNew(sync, oldSets, newRevision), oldSets };
}

async function syncExisting(sync: DeploymentSync, existing: ReplicaSet, newRevision: number): Promise<ReplicaSet> {
  const deployment = sync.deployment;
  const copy = structuredClone(existing);
  const annotationsChanged = ReplicaSetAnnotations.setNewReplicaSet(copy, deployment, newRevision, true);
  const minReadySeconds = deployment.spec?.minReadySeconds ?? 0;
  if (annotationsChanged || (copy.spec?.minReadySeconds ?? 0) !== minReadySeconds) {
    copy.spec = { ...copy.spec, minReadySeconds } as NonNullable<ReplicaSet['spec']>;
    const updated = await sync.context.client.update(REPLICA_SETS, copy);
    sync.remember(updated);
    return updated;
  }
  const status = structuredClone(deployment.status ?? {});
  if (hasProgressDeadline(deployment) && DeploymentConditions.get(status, 'Progressing') === undefined) {
    const message = `Found new replica set "${copy.metadata.name ?? ''}"`;
    DeploymentConditions.set(status, DeploymentConditions.make('Progressing', 'True', Reasons.foundNewReplicaSet, message, sync.now));
  }
  await sync.save({ status, ...revisionOf(copy) });
  return copy;
}

function revisionOf(set: ReplicaSet): { revision?: string } {
  const revision = set.metadata.annotations?.[REVISION_ANNOTATION];
  return revision === undefined ? {} : { revision };
}

/** The replicas a new set starts with: as many as the surge allows (rolling update) or all (Recreate). */
function initialReplicas(sync: DeploymentSync, oldSets: readonly ReplicaSet[]): number {
  const deployment = sync.deployment;
  const desired = desiredReplicas(deployment);
  if ((deployment.spec?.strategy?.type ?? 'RollingUpdate') === 'Recreate') return desired;
  const maxTotal = desired + rolloutLimits(deployment).maxSurge;
  const current = ReplicaSets.specReplicas(oldSets);
  if (current >= maxTotal) return 0;
  return Math.min(maxTotal - current, desired);
}

async function createNew(sync: DeploymentSync, oldSets: readonly ReplicaSet[], newRevision: number): Promise<ReplicaSet | undefined> {
  const deployment = sync.deployment;
  const { name = '', namespace, uid = '' } = deployment.metadata;
  const template = structuredClone(deployment.spec?.template ?? {});
  const hash = podTemplateHash(deployment.spec?.template, deployment.status?.collisionCount);
  template.metadata = { ...template.metadata, labels: { ...template.metadata?.labels, [POD_TEMPLATE_HASH_LABEL]: hash } };
  const selector = structuredClone(deployment.spec?.selector ?? {});
  selector.matchLabels = { ...selector.matchLabels, [POD_TEMPLATE_HASH_LABEL]: hash };
  const replicas = initialReplicas(sync, oldSets);
  const set: ReplicaSet = {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name: `${name}-${hash}`,
      ...(namespace === undefined ? {} : { namespace }),
      labels: { ...template.metadata.labels },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name, uid, controller: true, blockOwnerDeletion: true }],
    },
    spec: { replicas, minReadySeconds: deployment.spec?.minReadySeconds ?? 0, selector, template },
  };
  ReplicaSetAnnotations.setNewReplicaSet(set, deployment, newRevision, false);
  let created: ReplicaSet;
  let alreadyExisted = false;
  try {
    created = await sync.context.client.create(REPLICA_SETS, set);
  } catch (error) {
    if (!isAlreadyExists(error)) return await reportCreateFailure(sync, set, error);
    const found = sync.sets.find((known) => known.metadata.name === set.metadata.name) ?? (await sync.context.client.get<ReplicaSet>(REPLICA_SETS, namespace, set.metadata.name ?? ''));
    if (controllerOf(found)?.uid !== uid || !equalIgnoringHash(deployment.spec?.template, found.spec?.template)) {
      // A hash collision: another template has this name; the next sync hashes with a higher count.
      const status = { ...structuredClone(deployment.status ?? {}), collisionCount: (deployment.status?.collisionCount ?? 0) + 1 };
      await sync.save({ status });
      throw error;
    }
    created = found;
    alreadyExisted = true;
  }
  sync.remember(created);
  if (!alreadyExisted && replicas > 0) {
    sync.context.recorder.event(deployment, 'Normal', 'ScalingReplicaSet', `Scaled up replica set ${created.metadata.name ?? ''} from 0 to ${replicas}`);
  }
  const status = structuredClone(deployment.status ?? {});
  if (!alreadyExisted && hasProgressDeadline(deployment)) {
    const message = `Created new replica set "${created.metadata.name ?? ''}"`;
    DeploymentConditions.set(status, DeploymentConditions.make('Progressing', 'True', Reasons.newReplicaSetCreated, message, sync.now));
  }
  await sync.save({ status, revision: String(newRevision) });
  return created;
}

async function reportCreateFailure(sync: DeploymentSync, set: ReplicaSet, error: unknown): Promise<never> {
  const deployment = sync.deployment;
  const message = `Failed to create new replica set "${set.metadata.name ?? ''}": ${errorMessage(error)}`;
  if (hasProgressDeadline(deployment)) {
    const status = structuredClone(deployment.status ?? {});
    DeploymentConditions.set(status, DeploymentConditions.make('Progressing', 'False', Reasons.failedReplicaSetCreate, message, sync.now));
    await sync.save({ status }).catch(() => undefined);
  }
  sync.context.recorder.event(deployment, 'Warning', Reasons.failedReplicaSetCreate, message);
  throw error;
}
