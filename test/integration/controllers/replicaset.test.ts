import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CoreEvent, Pod, ReplicaSet } from '../../../src/api/kinds.js';
import { resourceOf } from '../../../src/client/api-client.js';
import { replicaSetController } from '../../../src/controllers/replicaset/replica-set-controller.js';
import { eventually, startTestControlPlane, type TestControlPlane } from '../../helpers/control-plane.js';
import { kubectl } from '../../helpers/kubectl.js';
import { startPodStatusFaker, type PodStatusFaker } from '../../helpers/pod-status-faker.js';

const PODS = resourceOf('v1', 'Pod');
const EVENTS = resourceOf('v1', 'Event');
const REPLICA_SETS = resourceOf('apps/v1', 'ReplicaSet');

function manifest(name: string, replicas: number): string {
  return JSON.stringify({
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name, namespace: 'default' },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name, tier: 'web' } }, spec: { containers: [{ name: 'main', image: 'nginx:1.25' }] } },
    },
  });
}

describe('the ReplicaSet controller against a real API server and kubectl', () => {
  let plane: TestControlPlane;
  let faker: PodStatusFaker;
  const k = (...args: string[]) => kubectl(plane.kubeconfig, args);

  before(async () => {
    plane = await startTestControlPlane({ controllers: [replicaSetController] });
    faker = await startPodStatusFaker(plane.client);
  });
  after(async () => {
    await faker.stop();
    await plane.stop();
  });

  const livePods = async (app: string): Promise<Pod[]> => {
    const pods = await plane.client.list<Pod>(PODS, { namespace: 'default', labelSelector: `app=${app}` });
    return pods.items.filter((pod) => pod.metadata.deletionTimestamp === undefined);
  };
  const readySet = (name: string, replicas: number) =>
    eventually(`replicaset ${name} to have ${replicas} available replicas`, async () => {
      const set = await plane.client.get<ReplicaSet>(REPLICA_SETS, 'default', name);
      const { status } = set;
      const settled = status?.replicas === replicas && status.readyReplicas === replicas && status.availableReplicas === replicas;
      return settled && status.observedGeneration === set.metadata.generation && (await livePods(name)).length === replicas ? set : undefined;
    });

  it('creates pods named after the set and owned by it until spec.replicas are available', async () => {
    const applied = await kubectl(plane.kubeconfig, ['apply', '-f', '-'], { stdin: manifest('web', 3) });
    assert.equal(applied.code, 0, applied.stderr);
    const set = await readySet('web', 3);
    assert.equal(set.status?.fullyLabeledReplicas, 3);
    for (const pod of await livePods('web')) {
      assert.match(pod.metadata.name ?? '', /^web-[a-z0-9]{5}$/);
      assert.equal(pod.metadata.labels?.tier, 'web');
      assert.deepEqual(pod.metadata.ownerReferences, [
        { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid: set.metadata.uid, controller: true, blockOwnerDeletion: true },
      ]);
    }
    const events = await eventually('SuccessfulCreate events', async () => {
      const list = await plane.client.list<CoreEvent>(EVENTS, { namespace: 'default' });
      const created = list.items.filter((event) => event.involvedObject.name === 'web' && event.reason === 'SuccessfulCreate');
      return created.length === 3 ? created : undefined;
    });
    assert.match(events[0]?.message ?? '', /^Created pod: web-/);
  });

  it('replaces a pod that is deleted', async () => {
    const [victim] = await livePods('web');
    const deleted = await k('delete', 'pod', victim?.metadata.name ?? '');
    assert.equal(deleted.code, 0, deleted.stderr);
    await readySet('web', 3);
    const names = (await livePods('web')).map((pod) => pod.metadata.name);
    assert.ok(!names.includes(victim?.metadata.name), `${victim?.metadata.name ?? ''} is gone`);
  });

  it('scales down with kubectl scale, deleting the pod with the lowest deletion cost first', async () => {
    const pods = await livePods('web');
    const cheapest = pods[1]?.metadata.name ?? '';
    for (const pod of pods) {
      const cost = pod.metadata.name === cheapest ? '-100' : '100';
      const annotated = await k('annotate', 'pod', pod.metadata.name ?? '', `controller.kubernetes.io/pod-deletion-cost=${cost}`);
      assert.equal(annotated.code, 0, annotated.stderr);
    }
    const scaled = await k('scale', 'replicaset', 'web', '--replicas=2');
    assert.equal(scaled.code, 0, scaled.stderr);
    await readySet('web', 2);
    assert.ok(!(await livePods('web')).some((pod) => pod.metadata.name === cheapest), 'the cheapest pod was deleted');
  });

  it('adopts an orphan pod that matches its selector and releases a pod relabelled out of it', async () => {
    const orphan: Pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'stray', namespace: 'default', labels: { app: 'adopt', tier: 'web' } },
      spec: { containers: [{ name: 'main', image: 'nginx:1.25' }] },
    };
    await plane.client.create(PODS, orphan);
    const applied = await kubectl(plane.kubeconfig, ['apply', '-f', '-'], { stdin: manifest('adopt', 2) });
    assert.equal(applied.code, 0, applied.stderr);
    const set = await readySet('adopt', 2);
    const adopted = await plane.client.get<Pod>(PODS, 'default', 'stray');
    assert.equal(adopted.metadata.ownerReferences?.[0]?.uid, set.metadata.uid);

    const relabelled = await k('label', 'pod', 'stray', 'app=elsewhere', '--overwrite');
    assert.equal(relabelled.code, 0, relabelled.stderr);
    await eventually('the relabelled pod to be released', async () => {
      const pod = await plane.client.get<Pod>(PODS, 'default', 'stray');
      return (pod.metadata.ownerReferences ?? []).length === 0 ? pod : undefined;
    });
    await readySet('adopt', 2);
    assert.ok(!(await livePods('adopt')).some((pod) => pod.metadata.name === 'stray'));
  });

  it('reports available replicas only after minReadySeconds', async () => {
    const slow = JSON.parse(manifest('slow', 1)) as ReplicaSet;
    slow.spec = { ...slow.spec, selector: slow.spec?.selector ?? {}, minReadySeconds: 2 };
    await plane.client.create(REPLICA_SETS, slow);
    const ready = await eventually('the pod to be ready', async () => {
      const set = await plane.client.get<ReplicaSet>(REPLICA_SETS, 'default', 'slow');
      return set.status?.readyReplicas === 1 ? set : undefined;
    });
    assert.equal(ready.status?.availableReplicas, 0);
    await readySet('slow', 1);
  });
});
