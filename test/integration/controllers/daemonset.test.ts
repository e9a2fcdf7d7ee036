import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { DaemonSet, Node, Pod } from '../../../src/api/kinds.js';
import { resourceOf } from '../../../src/client/api-client.js';
import { daemonSetController } from '../../../src/controllers/daemonset/daemon-set-controller.js';
import { eventually, startTestControlPlane, type TestControlPlane } from '../../helpers/control-plane.js';
import { kubectl } from '../../helpers/kubectl.js';
import { startPodStatusFaker, type PodStatusFaker } from '../../helpers/pod-status-faker.js';

const PODS = resourceOf('v1', 'Pod');
const NODES = resourceOf('v1', 'Node');
const DAEMON_SETS = resourceOf('apps/v1', 'DaemonSet');

function node(name: string, taints: NonNullable<Node['spec']>['taints'] = []): Node {
  return { apiVersion: 'v1', kind: 'Node', metadata: { name, labels: { 'kubernetes.io/hostname': name } }, spec: { taints } };
}

const manifest = JSON.stringify({
  apiVersion: 'apps/v1',
  kind: 'DaemonSet',
  metadata: { name: 'agent', namespace: 'default' },
  spec: {
    selector: { matchLabels: { app: 'agent' } },
    template: { metadata: { labels: { app: 'agent' } }, spec: { containers: [{ name: 'main', image: 'busybox:1.36' }] } },
  },
});

describe('the DaemonSet controller against a real API server and kubectl', () => {
  let plane: TestControlPlane;
  let faker: PodStatusFaker;
  const k = (...args: string[]) => kubectl(plane.kubeconfig, args);

  before(async () => {
    plane = await startTestControlPlane({ controllers: [daemonSetController] });
    faker = await startPodStatusFaker(plane.client);
    for (const name of ['node-1', 'node-2', 'node-3']) await plane.client.create(NODES, node(name));
    await plane.client.create(NODES, node('infra', [{ key: 'dedicated', value: 'infra', effect: 'NoSchedule' }]));
  });
  after(async () => {
    await faker.stop();
    await plane.stop();
  });

  /** The nodes that run a live pod of the DaemonSet, once every one of them is Running. */
  const podsByNode = async (): Promise<Map<string, Pod>> => {
    const pods = await plane.client.list<Pod>(PODS, { namespace: 'default', labelSelector: 'app=agent' });
    return new Map(pods.items.filter((pod) => pod.metadata.deletionTimestamp === undefined).map((pod) => [pod.spec?.nodeName ?? '', pod]));
  };
  const nodesRunning = (expected: readonly string[]) =>
    eventually(`daemon pods on exactly ${expected.join(', ')}`, async () => {
      const byNode = await podsByNode();
      const running = [...byNode.values()].every((pod) => pod.status?.phase === 'Running');
      return running && [...byNode.keys()].sort().join() === [...expected].sort().join() ? byNode : undefined;
    });

  it('runs one pod on each node whose taints it tolerates, pinned there by node affinity', async () => {
    const applied = await kubectl(plane.kubeconfig, ['apply', '-f', '-'], { stdin: manifest });
    assert.equal(applied.code, 0, applied.stderr);
    const byNode = await nodesRunning(['node-1', 'node-2', 'node-3']);
    const pod = byNode.get('node-2');
    assert.deepEqual(pod?.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms, [
      { matchFields: [{ key: 'metadata.name', operator: 'In', values: ['node-2'] }] },
    ]);
    const tolerated = pod.spec.tolerations?.map((toleration) => `${toleration.key ?? ''}:${toleration.effect ?? ''}`);
    assert.deepEqual(tolerated, [
      'node.kubernetes.io/not-ready:NoExecute',
      'node.kubernetes.io/unreachable:NoExecute',
      'node.kubernetes.io/disk-pressure:NoSchedule',
      'node.kubernetes.io/memory-pressure:NoSchedule',
      'node.kubernetes.io/pid-pressure:NoSchedule',
      'node.kubernetes.io/unschedulable:NoSchedule',
    ]);
    const set = await eventually('the status to count three ready pods', async () => {
      const read = await plane.client.get<DaemonSet>(DAEMON_SETS, 'default', 'agent');
      return read.status?.numberReady === 3 ? read : undefined;
    });
    assert.deepEqual(
      [set.status?.desiredNumberScheduled, set.status?.currentNumberScheduled, set.status?.updatedNumberScheduled, set.status?.numberAvailable],
      [3, 3, 3, 3],
    );
    assert.equal(set.status?.numberMisscheduled, 0);
    assert.equal(set.status.observedGeneration, set.metadata.generation);
  });

  it('a node that joins gets a pod, and a node that leaves loses its pod', async () => {
    await plane.client.create(NODES, node('node-4'));
    await nodesRunning(['node-1', 'node-2', 'node-3', 'node-4']);
    await plane.client.delete(NODES, undefined, 'node-2');
    await nodesRunning(['node-1', 'node-3', 'node-4']);
  });

  it('a pod leaves a node that gains a NoExecute taint it does not tolerate', async () => {
    await plane.client.patch(NODES, undefined, 'node-4', 'merge', { spec: { taints: [{ key: 'maintenance', effect: 'NoExecute' }] } });
    await nodesRunning(['node-1', 'node-3']);
  });

  it('an image change rolls out one node at a time (maxUnavailable 1) and kubectl rollout status completes', async () => {
    const { resourceVersion } = await plane.client.list(PODS, { namespace: 'default' });
    const watch = await plane.client.watch<Pod>(PODS, { namespace: 'default', resourceVersion, labelSelector: 'app=agent' });
    const changes: string[] = [];
    void (async () => {
      for await (const event of watch) if (event.type === 'ADDED' || event.type === 'DELETED') changes.push(event.type === 'ADDED' ? 'create' : 'delete');
    })();
    const updated = await k('set', 'image', 'daemonset/agent', 'main=busybox:1.37');
    assert.equal(updated.code, 0, updated.stderr);
    const status = await k('rollout', 'status', 'daemonset/agent', '--timeout=60s');
    assert.equal(status.code, 0, status.stderr);
    assert.match(status.stdout, /daemon set "agent" successfully rolled out/);
    const byNode = await nodesRunning(['node-1', 'node-3']);
    assert.deepEqual([...byNode.values()].map((pod) => pod.spec?.containers[0]?.image), ['busybox:1.37', 'busybox:1.37']);
    const history = await k('rollout', 'history', 'daemonset/agent');
    assert.equal(history.code, 0, history.stderr);
    assert.match(history.stdout, /^1\s/m);
    assert.match(history.stdout, /^2\s/m);
    watch.stop();
    assert.deepEqual(changes, ['delete', 'create', 'delete', 'create']);
  });
});
