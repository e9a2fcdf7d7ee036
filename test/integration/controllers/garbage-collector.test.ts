import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ApiObject, OwnerReference } from '../../../src/api/object.js';
import { resourceOf } from '../../../src/client/api-client.js';
import { isNotFound } from '../../../src/client/api-status-error.js';
import { garbageCollector } from '../../../src/controllers/garbagecollector/garbage-collector.js';
import { eventually, startTestControlPlane, type TestControlPlane } from '../../helpers/control-plane.js';
import { kubectl } from '../../helpers/kubectl.js';

const DEPLOYMENTS = resourceOf('apps/v1', 'Deployment');
const REPLICA_SETS = resourceOf('apps/v1', 'ReplicaSet');
const PODS = resourceOf('v1', 'Pod');
const CONFIG_MAPS = resourceOf('v1', 'ConfigMap');
const CLUSTER_ROLES = resourceOf('rbac.authorization.k8s.io/v1', 'ClusterRole');
const HOLD = 'example.com/hold';

function ownedBy(owner: ApiObject): OwnerReference {
  return { apiVersion: owner.apiVersion, kind: owner.kind, name: owner.metadata.name ?? '', uid: owner.metadata.uid ?? '', controller: true, blockOwnerDeletion: true };
}

const template = (app: string) => ({ metadata: { labels: { app } }, spec: { containers: [{ name: 'app', image: 'nginx' }] } });

/** A Deployment with one ReplicaSet of two pods, all linked by ownerReferences as the workload controllers link them. */
async function createWorkload(plane: TestControlPlane, name: string, podFinalizers: string[] = []) {
  const { client } = plane;
  const spec = { replicas: 2, selector: { matchLabels: { app: name } }, template: template(name) };
  const deployment = await client.create<ApiObject>(DEPLOYMENTS, { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: 'default' }, spec });
  const replicaSet = await client.create<ApiObject>(REPLICA_SETS, {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name: `${name}-rs`, namespace: 'default', ownerReferences: [ownedBy(deployment)] },
    spec,
  });
  const pods = await Promise.all(
    ['a', 'b'].map(async (suffix, index) =>
      client.create<ApiObject>(PODS, {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: {
          name: `${name}-rs-${suffix}`,
          namespace: 'default',
          labels: { app: name },
          ownerReferences: [ownedBy(replicaSet)],
          ...(index === 0 && podFinalizers.length > 0 ? { finalizers: podFinalizers } : {}),
        },
        spec: template(name).spec,
      }),
    ),
  );
  return { deployment, replicaSet, pods };
}

describe('the garbage collector', () => {
  let plane: TestControlPlane;
  before(async () => {
    plane = await startTestControlPlane({ controllers: [garbageCollector] });
  });
  after(async () => {
    await plane.stop();
  });

  const find = async (resource: typeof PODS, name: string, namespace: string | undefined = 'default') => {
    try {
      return await plane.client.get(resource, namespace, name);
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  };
  const isGone = async (resource: typeof PODS, name: string, namespace?: string) => ((await find(resource, name, namespace)) === undefined ? true : undefined);

  it('deleting an owner in the background deletes its dependents and theirs', async () => {
    const { replicaSet, pods } = await createWorkload(plane, 'background');
    const deleted = await kubectl(plane.kubeconfig, ['delete', 'deployment', 'background']);
    assert.equal(deleted.code, 0, deleted.stderr);
    await eventually('the ReplicaSet to be collected', () => isGone(REPLICA_SETS, replicaSet.metadata.name ?? ''));
    for (const pod of pods) await eventually(`pod ${pod.metadata.name ?? ''} to be collected`, () => isGone(PODS, pod.metadata.name ?? ''));
  });

  it('kubectl delete --cascade=foreground removes the dependents first, blocked by their own, and the owner last', async () => {
    const { deployment, replicaSet, pods } = await createWorkload(plane, 'foreground', [HOLD]);
    const [held, free] = pods;
    assert.ok(held !== undefined && free !== undefined);
    const started = await kubectl(plane.kubeconfig, ['delete', 'deployment', 'foreground', '--cascade=foreground', '--wait=false']);
    assert.equal(started.code, 0, started.stderr);

    await eventually('the free pod to be deleted', () => isGone(PODS, free.metadata.name ?? ''));
    const waitingOwner = await find(DEPLOYMENTS, 'foreground');
    const waitingSet = await find(REPLICA_SETS, replicaSet.metadata.name ?? '');
    assert.ok(waitingOwner?.metadata.deletionTimestamp, 'the Deployment waits for its dependents');
    assert.deepEqual(waitingOwner.metadata.finalizers, ['foregroundDeletion']);
    assert.ok(waitingSet?.metadata.deletionTimestamp, 'the ReplicaSet is deleted in the foreground too');
    assert.deepEqual(waitingSet.metadata.finalizers, ['foregroundDeletion']);
    assert.ok((await find(PODS, held.metadata.name ?? ''))?.metadata.deletionTimestamp, 'the held pod is being deleted');

    await plane.client.patch(PODS, 'default', held.metadata.name ?? '', 'merge', { metadata: { finalizers: null } });
    const waited = await kubectl(plane.kubeconfig, ['delete', 'deployment', 'foreground', '--cascade=foreground', '--timeout=30s', '--ignore-not-found']);
    assert.equal(waited.code, 0, waited.stderr);
    assert.ok(await isGone(DEPLOYMENTS, 'foreground'));
    assert.ok(await isGone(REPLICA_SETS, replicaSet.metadata.name ?? ''));
    assert.ok(await isGone(PODS, held.metadata.name ?? ''));
    assert.equal(deployment.metadata.name, 'foreground');
  });

  it('kubectl delete --cascade=orphan removes the owner and leaves its dependents without the reference', async () => {
    const { deployment, replicaSet, pods } = await createWorkload(plane, 'orphan');
    const deleted = await kubectl(plane.kubeconfig, ['delete', 'deployment', 'orphan', '--cascade=orphan', '--timeout=30s']);
    assert.equal(deleted.code, 0, deleted.stderr);
    assert.ok(await isGone(DEPLOYMENTS, 'orphan'));
    const orphaned = await find(REPLICA_SETS, replicaSet.metadata.name ?? '');
    assert.ok(orphaned !== undefined, 'the ReplicaSet survives its owner');
    assert.equal(orphaned.metadata.ownerReferences, undefined);
    assert.equal(orphaned.metadata.deletionTimestamp, undefined);
    for (const pod of pods) {
      const survivor = await find(PODS, pod.metadata.name ?? '');
      assert.deepEqual(survivor?.metadata.ownerReferences?.map((reference) => reference.uid), [replicaSet.metadata.uid], 'grandchildren keep their own owner');
    }
    assert.equal(deployment.metadata.name, 'orphan');
  });

  it('a dependent with owners left loses only the reference to the owner that went, and goes with the last', async () => {
    const { client } = plane;
    const first = await client.create(CONFIG_MAPS, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'owner-one', namespace: 'default' } });
    const second = await client.create(CONFIG_MAPS, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'owner-two', namespace: 'default' } });
    const reference = (owner: ApiObject): OwnerReference => ({ apiVersion: 'v1', kind: 'ConfigMap', name: owner.metadata.name ?? '', uid: owner.metadata.uid ?? '' });
    await client.create(CONFIG_MAPS, {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'shared', namespace: 'default', ownerReferences: [reference(first), reference(second)] },
    });
    await client.delete(CONFIG_MAPS, 'default', 'owner-one');
    const kept = await eventually('the reference to the deleted owner to go', async () => {
      const shared = await find(CONFIG_MAPS, 'shared');
      return shared?.metadata.ownerReferences?.length === 1 ? shared : undefined;
    });
    assert.deepEqual(kept.metadata.ownerReferences, [reference(second)]);
    await client.delete(CONFIG_MAPS, 'default', 'owner-two');
    await eventually('the dependent to go with its last owner', () => isGone(CONFIG_MAPS, 'shared'));
  });

  it('a namespaced dependent of a cluster-scoped owner is collected, and so is one whose owner has the name but another uid', async () => {
    const { client } = plane;
    const role = await client.create(CLUSTER_ROLES, { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'gc-owner' }, rules: [] });
    await client.create(CONFIG_MAPS, {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'of-cluster-role', namespace: 'default', ownerReferences: [ownedBy(role)] },
    });
    const impostor = await client.create<ApiObject>(CONFIG_MAPS, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'renamed-owner', namespace: 'default' } });
    await client.create(CONFIG_MAPS, {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: 'of-old-owner',
        namespace: 'default',
        ownerReferences: [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'renamed-owner', uid: '00000000-0000-4000-8000-000000000000' }],
      },
    });
    await eventually('the dependent of a replaced owner to be collected', () => isGone(CONFIG_MAPS, 'of-old-owner'));
    assert.equal((await find(CONFIG_MAPS, 'renamed-owner'))?.metadata.uid, impostor.metadata.uid, 'the namesake owner stays');
    assert.ok(await find(CONFIG_MAPS, 'of-cluster-role'), 'a live cluster-scoped owner keeps its dependent');
    assert.equal((await kubectl(plane.kubeconfig, ['delete', 'clusterrole', 'gc-owner'])).code, 0);
    await eventually('the dependent of the cluster-scoped owner to be collected', () => isGone(CONFIG_MAPS, 'of-cluster-role'));
  });
});
