import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Node, Pod } from '../../../src/api/kinds.js';
import { SimulatedNodes } from '../../../src/agent/simulated-nodes/simulated-nodes.js';
import { resourceOf, type ApiClient } from '../../../src/client/api-client.js';
import { Informer } from '../../../src/client/informer.js';
import { nodeLifecycleController } from '../../../src/controllers/nodelifecycle/node-lifecycle-controller.js';
import { taintEvictionController } from '../../../src/controllers/nodelifecycle/taint-eviction-controller.js';
import { systemClock } from '../../../src/util/clock.js';
import { silentLogger } from '../../../src/util/logger.js';
import { eventually, startTestControlPlane, type TestControlPlane } from '../../helpers/control-plane.js';
import { kubectl } from '../../helpers/kubectl.js';

const PODS = resourceOf('v1', 'Pod');
const NODES = resourceOf('v1', 'Node');
const UNREACHABLE = 'node.kubernetes.io/unreachable';

function pod(name: string, tolerationSeconds: number | undefined): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default' },
    spec: {
      containers: [{ name: 'main', image: 'nginx:1.27' }],
      tolerations: [{ key: UNREACHABLE, operator: 'Exists', effect: 'NoExecute', ...(tolerationSeconds === undefined ? {} : { tolerationSeconds }) }],
    },
  };
}

async function runOn(client: ApiClient, object: Pod, node: string): Promise<void> {
  const name = object.metadata.name ?? '';
  await client.create(PODS, object);
  await client.createSubresource(PODS, 'default', name, 'binding', {
    apiVersion: 'v1',
    kind: 'Binding',
    metadata: { name, namespace: 'default' },
    target: { apiVersion: 'v1', kind: 'Node', name: node },
  });
  await eventually(`${name} to run`, async () => ((await client.get<Pod>(PODS, 'default', name)).status?.phase === 'Running' ? true : undefined));
}

function ready(object: Node | Pod): string | undefined {
  return object.status?.conditions?.find((condition) => condition.type === 'Ready')?.status;
}

function taintsOf(node: Node): string[] {
  return (node.spec?.taints ?? []).map((taint) => `${taint.key}:${taint.effect}`).sort();
}

describe('node lifecycle and taint eviction', () => {
  let plane: TestControlPlane;
  before(async () => {
    plane = await startTestControlPlane({
      controllers: [nodeLifecycleController({ nodeMonitorGracePeriodMs: 1500, nodeMonitorPeriodMs: 250 }), taintEvictionController()],
    });
  });
  after(async () => {
    await plane.stop();
  });

  it('a node that stops heartbeating turns NotReady and unreachable, its pods leave after their toleration, and it recovers when it comes back', async () => {
    const { client } = plane;
    const healthy = new SimulatedNodes({ client, count: 1, namePrefix: 'healthy', leaseRenewIntervalMs: 200 });
    let silent = new SimulatedNodes({ client, count: 1, namePrefix: 'silent', leaseRenewIntervalMs: 200 });
    await Promise.all([healthy.start(), silent.start()]);
    const deleted = new Map<string, Pod>();
    const watcher = new Informer<Pod>({ client, resource: PODS, clock: systemClock, logger: silentLogger });
    // An evicted pod on a silent node stays Terminating (no agent finishes it), as upstream.
    const evict = (object: Pod) => {
      if (object.metadata.deletionTimestamp !== undefined) deleted.set(object.metadata.name ?? '', object);
    };
    watcher.addHandler({ onUpdate: (_old, object) => { evict(object); }, onDelete: (object) => deleted.set(object.metadata.name ?? '', object) });
    watcher.start();
    try {
      await runOn(client, pod('leaves-soon', 1), 'silent-0');
      await runOn(client, pod('stays', undefined), 'silent-0');
      await runOn(client, pod('elsewhere', 1), 'healthy-0');

      await silent.stop();
      const notReady = await eventually('silent-0 to become NotReady with the unreachable taints', async () => {
        const node = await client.get<Node>(NODES, undefined, 'silent-0');
        return ready(node) === 'Unknown' && taintsOf(node).length === 2 ? node : undefined;
      });
      const condition = notReady.status?.conditions?.find((entry) => entry.type === 'Ready');
      assert.equal(condition?.reason, 'NodeStatusUnknown');
      assert.equal(condition.message, 'Kubelet stopped posting node status.');
      assert.deepEqual(taintsOf(notReady), [`${UNREACHABLE}:NoExecute`, `${UNREACHABLE}:NoSchedule`]);
      const listed = await kubectl(plane.kubeconfig, ['get', 'node', 'silent-0', '--no-headers']);
      assert.match(listed.stdout, /^silent-0\s+NotReady\s/);

      const evicted = await eventually('leaves-soon to be evicted', () => deleted.get('leaves-soon'));
      const target = evicted.status?.conditions?.find((entry) => entry.type === 'DisruptionTarget');
      assert.deepEqual([target?.status, target?.reason], ['True', 'DeletionByTaintManager']);
      const stays = await eventually('stays to be marked not Ready', async () => {
        const current = await client.get<Pod>(PODS, 'default', 'stays');
        return ready(current) === 'False' ? current : undefined;
      });
      assert.equal(stays.metadata.deletionTimestamp, undefined);
      assert.equal(ready(await client.get<Pod>(PODS, 'default', 'elsewhere')), 'True');
      assert.equal(ready(await client.get<Node>(NODES, undefined, 'healthy-0')), 'True');
      const events = await kubectl(plane.kubeconfig, ['get', 'events', '--field-selector', 'involvedObject.name=silent-0', '-o', 'jsonpath={.items[*].reason}']);
      assert.match(events.stdout, /NodeNotReady/);

      silent = new SimulatedNodes({ client, count: 1, namePrefix: 'silent', leaseRenewIntervalMs: 200 });
      await silent.start();
      await eventually('silent-0 to be Ready without taints again', async () => {
        const node = await client.get<Node>(NODES, undefined, 'silent-0');
        return ready(node) === 'True' && taintsOf(node).length === 0 ? true : undefined;
      });
      await eventually('stays to be Ready again', async () => (ready(await client.get<Pod>(PODS, 'default', 'stays')) === 'True' ? true : undefined));
      assert.equal(deleted.has('elsewhere'), false);
    } finally {
      await watcher.stop();
      await Promise.all([healthy.removeNodes(), silent.removeNodes()]);
    }
  });
});
