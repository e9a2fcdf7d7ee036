import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { PersistentVolumeClaim, Pod, StatefulSet } from '../../../src/api/kinds.js';
import { resourceOf, type ApiClient } from '../../../src/client/api-client.js';
import type { Watch } from '../../../src/client/watch-event.js';
import { statefulSetController } from '../../../src/controllers/statefulset/stateful-set-controller.js';
import { eventually, startTestControlPlane, type TestControlPlane } from '../../helpers/control-plane.js';
import { kubectl } from '../../helpers/kubectl.js';
import { startPodStatusFaker, type PodStatusFaker } from '../../helpers/pod-status-faker.js';

const PODS = resourceOf('v1', 'Pod');
const CLAIMS = resourceOf('v1', 'PersistentVolumeClaim');
const STATEFUL_SETS = resourceOf('apps/v1', 'StatefulSet');

function manifest(name: string, options: { replicas: number; image: string; policy?: 'OrderedReady' | 'Parallel' }): string {
  return JSON.stringify({
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name, namespace: 'default' },
    spec: {
      serviceName: name,
      replicas: options.replicas,
      podManagementPolicy: options.policy ?? 'OrderedReady',
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'main', image: options.image }] } },
      volumeClaimTemplates: [{ metadata: { name: 'www' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }],
    },
  });
}

/** Pod additions and deletions in the order the API server reported them. */
async function recordPodEvents(client: ApiClient): Promise<{ events: string[]; watch: Watch<Pod> }> {
  const { resourceVersion } = await client.list(PODS, { namespace: 'default' });
  const watch = await client.watch<Pod>(PODS, { namespace: 'default', resourceVersion });
  const events: string[] = [];
  void (async () => {
    for await (const event of watch) {
      if (event.type === 'ADDED' || event.type === 'DELETED') events.push(`${event.type === 'ADDED' ? 'create' : 'delete'} ${event.object.metadata.name ?? ''}`);
    }
  })();
  return { events, watch };
}

/**
 * The pod status faker marks each pod name ready once; a StatefulSet recreates pods
 * under the same name, so a fresh faker takes over whenever that happens.
 */
async function startFakerForRecreatedPods(client: ApiClient): Promise<{ stop(): Promise<void> }> {
  let faker: PodStatusFaker = await startPodStatusFaker(client);
  const state = { stopped: false };
  const { resourceVersion } = await client.list(PODS, { namespace: 'default' });
  const watch = await client.watch<Pod>(PODS, { namespace: 'default', resourceVersion });
  const seen = new Set<string>();
  const following = (async () => {
    for await (const event of watch) {
      const name = event.object.metadata.name ?? '';
      if (event.type !== 'ADDED' || state.stopped) continue;
      if (!seen.has(name)) {
        seen.add(name);
        continue;
      }
      await faker.stop();
      faker = await startPodStatusFaker(client);
    }
  })();
  return {
    stop: async () => {
      state.stopped = true;
      watch.stop();
      await following;
      await faker.stop();
    },
  };
}

describe('the StatefulSet controller against a real API server and kubectl', () => {
  let plane: TestControlPlane;
  let faker: { stop(): Promise<void> };
  const k = (...args: string[]) => kubectl(plane.kubeconfig, args);

  before(async () => {
    plane = await startTestControlPlane({ controllers: [statefulSetController] });
    faker = await startFakerForRecreatedPods(plane.client);
  });
  after(async () => {
    await faker.stop();
    await plane.stop();
  });

  const readySet = (name: string, replicas: number) =>
    eventually(`statefulset ${name} to have ${replicas} ready replicas`, async () => {
      const set = await plane.client.get<StatefulSet>(STATEFUL_SETS, 'default', name);
      return set.status?.readyReplicas === replicas && set.status.replicas === replicas ? set : undefined;
    });

  it('creates web-0, web-1, web-2 in order, each with its claim, then scales down from the highest ordinal', async () => {
    const { events, watch } = await recordPodEvents(plane.client);
    try {
      const applied = await kubectl(plane.kubeconfig, ['apply', '-f', '-'], { stdin: manifest('web', { replicas: 3, image: 'nginx:1.25' }) });
      assert.equal(applied.code, 0, applied.stderr);
      const set = await readySet('web', 3);
      assert.deepEqual(events.filter((event) => event.startsWith('create')), ['create web-0', 'create web-1', 'create web-2']);

      const pod = await plane.client.get<Pod>(PODS, 'default', 'web-1');
      assert.equal(pod.metadata.labels?.['statefulset.kubernetes.io/pod-name'], 'web-1');
      assert.equal(pod.metadata.labels['apps.kubernetes.io/pod-index'], '1');
      assert.equal(pod.metadata.labels['controller-revision-hash'], set.status?.updateRevision);
      assert.equal(pod.spec?.hostname, 'web-1');
      assert.equal(pod.spec.subdomain, 'web');
      assert.deepEqual(pod.spec.volumes?.find((volume) => volume.name === 'www')?.persistentVolumeClaim, { claimName: 'www-web-1' });
      const claims = await plane.client.list<PersistentVolumeClaim>(CLAIMS, { namespace: 'default' });
      assert.deepEqual(claims.items.map((claim) => claim.metadata.name).sort(), ['www-web-0', 'www-web-1', 'www-web-2']);
      assert.equal(set.status?.currentRevision, set.status?.updateRevision);
      assert.equal(set.status?.observedGeneration, set.metadata.generation);

      const scaled = await k('scale', 'statefulset', 'web', '--replicas=1');
      assert.equal(scaled.code, 0, scaled.stderr);
      await readySet('web', 1);
      assert.deepEqual(events.filter((event) => event.startsWith('delete')), ['delete web-2', 'delete web-1']);
      const kept = await plane.client.list<PersistentVolumeClaim>(CLAIMS, { namespace: 'default' });
      assert.equal(kept.items.length, 3, 'claims are retained when scaling down');
    } finally {
      watch.stop();
    }
  });

  it('a rolling update with a partition updates only the ordinals at or above it, and rollout status completes', async () => {
    await k('scale', 'statefulset', 'web', '--replicas=3');
    await readySet('web', 3);
    const partitioned = await k('patch', 'statefulset', 'web', '-p', '{"spec":{"updateStrategy":{"rollingUpdate":{"partition":2}}}}');
    assert.equal(partitioned.code, 0, partitioned.stderr);
    const updated = await k('set', 'image', 'statefulset/web', 'main=nginx:1.26');
    assert.equal(updated.code, 0, updated.stderr);

    const status = await k('rollout', 'status', 'statefulset/web', '--timeout=60s');
    assert.equal(status.code, 0, status.stderr);
    assert.match(status.stdout, /partitioned roll out complete: 1 new pods have been updated/);
    const images = async () => {
      const pods = await plane.client.list<Pod>(PODS, { namespace: 'default', labelSelector: 'app=web' });
      return Object.fromEntries(pods.items.map((pod) => [pod.metadata.name ?? '', pod.spec?.containers[0]?.image ?? '']));
    };
    assert.deepEqual(await images(), { 'web-0': 'nginx:1.25', 'web-1': 'nginx:1.25', 'web-2': 'nginx:1.26' });

    await k('patch', 'statefulset', 'web', '-p', '{"spec":{"updateStrategy":{"rollingUpdate":{"partition":0}}}}');
    const finished = await k('rollout', 'status', 'statefulset/web', '--timeout=60s');
    assert.equal(finished.code, 0, finished.stderr);
    await eventually('every pod to run the new image', async () => {
      const current = await images();
      return Object.values(current).every((image) => image === 'nginx:1.26') ? current : undefined;
    });
    const set = await eventually('the rollout to finish', async () => {
      const read = await plane.client.get<StatefulSet>(STATEFUL_SETS, 'default', 'web');
      return read.status?.currentRevision === read.status?.updateRevision && read.status?.updatedReplicas === 3 ? read : undefined;
    });
    assert.equal(set.status?.currentReplicas, 3);
  });

  it('kubectl rollout history lists the revisions and rollout undo returns to the previous image', async () => {
    const history = await k('rollout', 'history', 'statefulset/web');
    assert.equal(history.code, 0, history.stderr);
    assert.match(history.stdout, /^1\s/m);
    assert.match(history.stdout, /^2\s/m);
    const undo = await k('rollout', 'undo', 'statefulset/web');
    assert.equal(undo.code, 0, undo.stderr);
    const status = await k('rollout', 'status', 'statefulset/web', '--timeout=60s');
    assert.equal(status.code, 0, status.stderr);
    await eventually('every pod to run the old image again', async () => {
      const pods = await plane.client.list<Pod>(PODS, { namespace: 'default', labelSelector: 'app=web' });
      return pods.items.length === 3 && pods.items.every((pod) => pod.spec?.containers[0]?.image === 'nginx:1.25') ? true : undefined;
    });
  });

  it('Parallel pod management creates every pod without waiting, and a deleted pod comes back', async () => {
    const applied = await kubectl(plane.kubeconfig, ['apply', '-f', '-'], { stdin: manifest('db', { replicas: 2, image: 'redis:7', policy: 'Parallel' }) });
    assert.equal(applied.code, 0, applied.stderr);
    await readySet('db', 2);
    const before = await plane.client.get<Pod>(PODS, 'default', 'db-1');
    await plane.client.delete(PODS, 'default', 'db-1');
    await eventually('db-1 to be recreated and ready', async () => {
      const pod = await plane.client.get<Pod>(PODS, 'default', 'db-1');
      const ready = pod.status?.conditions?.some((condition) => condition.type === 'Ready' && condition.status === 'True') === true;
      return pod.metadata.uid !== before.metadata.uid && ready ? pod : undefined;
    });
  });
});
