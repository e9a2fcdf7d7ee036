import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { PodDisruptionBudget, ReplicaSet } from '../../../src/api/kinds.js';
import { SimulatedNodes } from '../../../src/agent/simulated-nodes/simulated-nodes.js';
import { resourceOf, type ApiClient } from '../../../src/client/api-client.js';
import { isNotFound } from '../../../src/client/api-status-error.js';
import { disruptionController } from '../../../src/controllers/disruption/disruption-controller.js';
import { eventually, startTestControlPlane, type TestControlPlane } from '../../helpers/control-plane.js';
import { kubectl } from '../../helpers/kubectl.js';

const PODS = resourceOf('v1', 'Pod');
const REPLICA_SETS = resourceOf('apps/v1', 'ReplicaSet');
const BUDGETS = resourceOf('policy/v1', 'PodDisruptionBudget');

async function replicaSet(client: ApiClient, name: string, replicas: number): Promise<ReplicaSet> {
  const labels = { app: name };
  return await client.create<ReplicaSet>(REPLICA_SETS, {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name, namespace: 'default' },
    spec: { replicas, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name: 'main', image: 'nginx:1.27' }] } } },
  });
}

/** A pod of `owner` running on `node`, as its controller and the scheduler would make it. */
async function podOf(client: ApiClient, owner: ReplicaSet, name: string, node: string): Promise<void> {
  const ownerName = owner.metadata.name ?? '';
  await client.create(PODS, {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: 'default',
      labels: { app: ownerName },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: ownerName, uid: owner.metadata.uid ?? '', controller: true, blockOwnerDeletion: true }],
    },
    spec: { containers: [{ name: 'main', image: 'nginx:1.27' }] },
  });
  await client.createSubresource(PODS, 'default', name, 'binding', {
    apiVersion: 'v1',
    kind: 'Binding',
    metadata: { name, namespace: 'default' },
    target: { apiVersion: 'v1', kind: 'Node', name: node },
  });
}

async function budget(client: ApiClient, name: string, spec: NonNullable<PodDisruptionBudget['spec']>): Promise<void> {
  await client.create(BUDGETS, { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name, namespace: 'default' }, spec });
}

async function statusWhen(client: ApiClient, name: string, check: (status: NonNullable<PodDisruptionBudget['status']>) => boolean): Promise<NonNullable<PodDisruptionBudget['status']>> {
  return await eventually(`budget ${name} to reach the expected status`, async () => {
    const status = (await client.get<PodDisruptionBudget>(BUDGETS, 'default', name)).status;
    return status !== undefined && check(status) ? status : undefined;
  });
}

async function exists(client: ApiClient, name: string): Promise<boolean> {
  try {
    await client.get(PODS, 'default', name);
    return true;
  } catch (error) {
    if (isNotFound(error)) return false;
    throw error;
  }
}

describe('the disruption controller', () => {
  let plane: TestControlPlane;
  let nodes: SimulatedNodes;
  before(async () => {
    plane = await startTestControlPlane({ controllers: [disruptionController] });
    nodes = new SimulatedNodes({ client: plane.client, count: 3, namePrefix: 'pdb' });
    await nodes.start();
  });
  after(async () => {
    await nodes.removeNodes();
    await plane.stop();
  });

  it('keeps a budget\'s status in line with its pods, and kubectl drain respects it', async () => {
    const { client, kubeconfig } = plane;
    const web = await replicaSet(client, 'web', 2);
    await podOf(client, web, 'web-a', 'pdb-0');
    await podOf(client, web, 'web-b', 'pdb-1');
    await budget(client, 'web', { minAvailable: 1, selector: { matchLabels: { app: 'web' } } });

    const status = await statusWhen(client, 'web', (current) => current.currentHealthy === 2);
    assert.deepEqual(
      { ...status, conditions: status.conditions?.map(({ type, status: value, reason }) => ({ type, value, reason })) },
      {
        observedGeneration: 1,
        currentHealthy: 2,
        desiredHealthy: 1,
        expectedPods: 2,
        disruptionsAllowed: 1,
        conditions: [{ type: 'DisruptionAllowed', value: 'True', reason: 'SufficientPods' }],
      },
    );
    const listed = await kubectl(kubeconfig, ['get', 'pdb', 'web', '-o', 'custom-columns=NAME:.metadata.name,MIN AVAILABLE:.spec.minAvailable,ALLOWED DISRUPTIONS:.status.disruptionsAllowed']);
    assert.match(listed.stdout, /NAME\s+MIN AVAILABLE\s+ALLOWED DISRUPTIONS\nweb\s+1\s+1\n/);

    const first = await kubectl(kubeconfig, ['drain', 'pdb-0', '--ignore-daemonsets', '--timeout=30s']);
    assert.equal(first.code, 0, first.stderr);
    assert.equal(await exists(client, 'web-a'), false);
    const after = await statusWhen(client, 'web', (current) => current.currentHealthy === 1);
    assert.deepEqual([after.disruptionsAllowed, after.conditions?.[0]?.reason], [0, 'InsufficientPods']);

    const refused = await kubectl(kubeconfig, ['drain', 'pdb-1', '--ignore-daemonsets', '--timeout=3s']);
    assert.notEqual(refused.code, 0);
    assert.match(refused.stderr, /Cannot evict pod as it would violate the pod's disruption budget/);
    assert.equal(await exists(client, 'web-b'), true);

    await podOf(client, web, 'web-c', 'pdb-2');
    await statusWhen(client, 'web', (current) => current.disruptionsAllowed === 1);
    const second = await kubectl(kubeconfig, ['drain', 'pdb-1', '--ignore-daemonsets', '--timeout=30s']);
    assert.equal(second.code, 0, second.stderr);
    assert.equal(await exists(client, 'web-b'), false);
    await statusWhen(client, 'web', (current) => current.currentHealthy === 1 && current.disruptionsAllowed === 0);
  });

  it('counts expected pods from the owner\'s scale for maxUnavailable and percentages', async () => {
    const { client } = plane;
    const api = await replicaSet(client, 'api', 4);
    await podOf(client, api, 'api-a', 'pdb-2');
    await podOf(client, api, 'api-b', 'pdb-2');
    await podOf(client, api, 'api-c', 'pdb-2');
    await budget(client, 'api-max', { maxUnavailable: '50%', selector: { matchLabels: { app: 'api' } } });
    await budget(client, 'api-min', { minAvailable: '75%', selector: { matchLabels: { app: 'api' } } });

    const max = await statusWhen(client, 'api-max', (current) => current.currentHealthy === 3);
    assert.deepEqual([max.expectedPods, max.desiredHealthy, max.disruptionsAllowed], [4, 2, 1]);
    const min = await statusWhen(client, 'api-min', (current) => current.currentHealthy === 3);
    assert.deepEqual([min.expectedPods, min.desiredHealthy, min.disruptionsAllowed], [4, 3, 0]);
  });
});
