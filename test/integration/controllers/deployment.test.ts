import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Deployment, CoreEvent, Pod, ReplicaSet } from '../../../src/api/kinds.js';
import { resourceOf, type ApiClient } from '../../../src/client/api-client.js';
import { deploymentController } from '../../../src/controllers/deployment/deployment-controller.js';
import { replicaSetController } from '../../../src/controllers/replicaset/replica-set-controller.js';
import { eventually, startTestControlPlane, type TestControlPlane } from '../../helpers/control-plane.js';
import { kubectl } from '../../helpers/kubectl.js';
import { startPodStatusFaker, type PodStatusFaker } from '../../helpers/pod-status-faker.js';

const PODS = resourceOf('v1', 'Pod');
const EVENTS = resourceOf('v1', 'Event');
const DEPLOYMENTS = resourceOf('apps/v1', 'Deployment');
const REPLICA_SETS = resourceOf('apps/v1', 'ReplicaSet');

interface ManifestOptions {
  readonly replicas: number;
  readonly image?: string;
  readonly strategy?: 'Recreate' | { maxSurge: number | string; maxUnavailable: number | string };
  readonly progressDeadlineSeconds?: number;
  readonly revisionHistoryLimit?: number;
}

function manifest(name: string, options: ManifestOptions): string {
  const { replicas, image = 'nginx:1.25', strategy, progressDeadlineSeconds, revisionHistoryLimit } = options;
  return JSON.stringify({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'default' },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'main', image }] } },
      ...(strategy === undefined ? {} : { strategy: strategy === 'Recreate' ? { type: 'Recreate' } : { type: 'RollingUpdate', rollingUpdate: strategy } }),
      ...(progressDeadlineSeconds === undefined ? {} : { progressDeadlineSeconds }),
      ...(revisionHistoryLimit === undefined ? {} : { revisionHistoryLimit }),
    },
  });
}

/** Follows a deployment's ReplicaSets from a watch: the most pods they asked for at once, and the fewest available. */
async function watchReplicaSetTotals(client: ApiClient, app: string): Promise<{ stop(): Promise<{ maxDesired: number; minAvailable: number }> }> {
  const listed = await client.list<ReplicaSet>(REPLICA_SETS, { namespace: 'default', labelSelector: `app=${app}` });
  const sets = new Map(listed.items.map((set) => [set.metadata.name ?? '', set]));
  const totals = () => {
    const all = [...sets.values()];
    return { desired: all.reduce((sum, set) => sum + (set.spec?.replicas ?? 0), 0), available: all.reduce((sum, set) => sum + (set.status?.availableReplicas ?? 0), 0) };
  };
  let { desired: maxDesired, available: minAvailable } = totals();
  const watch = await client.watch<ReplicaSet>(REPLICA_SETS, { namespace: 'default', labelSelector: `app=${app}`, resourceVersion: listed.resourceVersion });
  const following = (async () => {
    for await (const event of watch) {
      if (event.type === 'DELETED') sets.delete(event.object.metadata.name ?? '');
      else if (event.type !== 'BOOKMARK' && event.type !== 'ERROR') sets.set(event.object.metadata.name ?? '', event.object);
      const now = totals();
      maxDesired = Math.max(maxDesired, now.desired);
      minAvailable = Math.min(minAvailable, now.available);
    }
  })();
  return {
    stop: async () => {
      watch.stop();
      await following;
      return { maxDesired, minAvailable };
    },
  };
}

describe('the Deployment controller against a real API server and kubectl', () => {
  let plane: TestControlPlane;
  let faker: PodStatusFaker;
  const k = (...args: string[]) => kubectl(plane.kubeconfig, args);
  const apply = async (text: string) => {
    const applied = await kubectl(plane.kubeconfig, ['apply', '-f', '-'], { stdin: text });
    assert.equal(applied.code, 0, applied.stderr);
  };
  const rolledOut = async (name: string) => {
    const status = await k('rollout', 'status', `deployment/${name}`, '--timeout=60s');
    assert.equal(status.code, 0, status.stderr + status.stdout);
    assert.match(status.stdout, new RegExp(`deployment "${name}" successfully rolled out`));
  };
  const getDeployment = (name: string) => plane.client.get<Deployment>(DEPLOYMENTS, 'default', name);
  const replicaSets = async (app: string) => (await plane.client.list<ReplicaSet>(REPLICA_SETS, { namespace: 'default', labelSelector: `app=${app}` })).items;
  const liveImages = async (app: string) => {
    const pods = await plane.client.list<Pod>(PODS, { namespace: 'default', labelSelector: `app=${app}` });
    return pods.items.filter((pod) => pod.metadata.deletionTimestamp === undefined).map((pod) => pod.spec?.containers[0]?.image);
  };
  const condition = (deployment: Deployment, type: string) => deployment.status?.conditions?.find((entry) => entry.type === type);

  before(async () => {
    plane = await startTestControlPlane({ controllers: [replicaSetController, deploymentController] });
    faker = await startPodStatusFaker(plane.client, { ready: (pod) => pod.metadata.labels?.app !== 'stuck' });
  });
  after(async () => {
    await faker.stop();
    await plane.stop();
  });

  it('brings a deployment of 5 replicas to available, and kubectl rollout status exits 0', async () => {
    await apply(manifest('web', { replicas: 5 }));
    await rolledOut('web');
    const deployment = await getDeployment('web');
    const { status } = deployment;
    assert.deepEqual(
      [status?.replicas, status?.updatedReplicas, status?.readyReplicas, status?.availableReplicas, status?.unavailableReplicas ?? 0],
      [5, 5, 5, 5, 0],
    );
    assert.equal(status?.observedGeneration, deployment.metadata.generation);
    assert.equal(deployment.metadata.annotations?.['deployment.kubernetes.io/revision'], '1');
    assert.equal(condition(deployment, 'Available')?.reason, 'MinimumReplicasAvailable');
    assert.equal(condition(deployment, 'Progressing')?.reason, 'NewReplicaSetAvailable');

    const [set] = await replicaSets('web');
    const hash = set?.metadata.labels?.['pod-template-hash'] ?? '';
    assert.equal(set?.metadata.name, `web-${hash}`);
    assert.equal(set.spec?.selector.matchLabels?.['pod-template-hash'], hash);
    assert.equal(set.spec.template?.metadata?.labels?.['pod-template-hash'], hash);
    assert.equal(condition(deployment, 'Progressing')?.message, `ReplicaSet "web-${hash}" has successfully progressed.`);
    assert.deepEqual(
      ['revision', 'desired-replicas', 'max-replicas'].map((name) => set.metadata.annotations?.[`deployment.kubernetes.io/${name}`]),
      ['1', '5', '7'],
    );
    const events = await plane.client.list<CoreEvent>(EVENTS, { namespace: 'default' });
    assert.ok(events.items.some((event) => event.reason === 'ScalingReplicaSet' && event.message === `Scaled up replica set web-${hash} from 0 to 5`));
  });

  it('rolls out a new image without ever exceeding maxSurge extra or maxUnavailable missing replicas', async () => {
    await apply(manifest('roll', { replicas: 4, strategy: { maxSurge: 1, maxUnavailable: 1 } }));
    await rolledOut('roll');
    const totals = await watchReplicaSetTotals(plane.client, 'roll');
    const changed = await k('set', 'image', 'deployment/roll', 'main=nginx:1.26');
    assert.equal(changed.code, 0, changed.stderr);
    await rolledOut('roll');
    const { maxDesired, minAvailable } = await totals.stop();
    assert.ok(maxDesired <= 5, `at most 4 + 1 replicas at once, saw ${maxDesired}`);
    assert.ok(minAvailable >= 3, `at least 4 - 1 replicas available, saw ${minAvailable}`);
    assert.deepEqual(await liveImages('roll'), ['nginx:1.26', 'nginx:1.26', 'nginx:1.26', 'nginx:1.26']);
    const sets = await replicaSets('roll');
    assert.deepEqual(sets.map((set) => [set.metadata.annotations?.['deployment.kubernetes.io/revision'], set.spec?.replicas]).sort(), [['1', 0], ['2', 4]]);
    assert.equal((await getDeployment('roll')).metadata.annotations?.['deployment.kubernetes.io/revision'], '2');
  });

  it('lists revisions with kubectl rollout history, and rollout undo returns to the previous image', async () => {
    const history = await k('rollout', 'history', 'deployment/roll');
    assert.equal(history.code, 0, history.stderr);
    assert.match(history.stdout, /^1\s/m);
    assert.match(history.stdout, /^2\s/m);
    const undone = await k('rollout', 'undo', 'deployment/roll');
    assert.equal(undone.code, 0, undone.stderr);
    await rolledOut('roll');
    assert.deepEqual(await liveImages('roll'), ['nginx:1.25', 'nginx:1.25', 'nginx:1.25', 'nginx:1.25']);
    const sets = await replicaSets('roll');
    assert.equal(sets.length, 2, 'the old ReplicaSet is re-used');
    const reused = sets.find((set) => set.spec?.template?.spec?.containers[0]?.image === 'nginx:1.25');
    assert.equal(reused?.metadata.annotations?.['deployment.kubernetes.io/revision'], '3');
    assert.equal(reused.metadata.annotations['deployment.kubernetes.io/revision-history'], '1');
    const after = await k('rollout', 'history', 'deployment/roll');
    assert.match(after.stdout, /^2\s/m);
    assert.match(after.stdout, /^3\s/m);
    assert.doesNotMatch(after.stdout, /^1\s/m);
  });

  it('resizes with kubectl scale', async () => {
    const scaled = await k('scale', 'deployment/roll', '--replicas=6');
    assert.equal(scaled.code, 0, scaled.stderr);
    await rolledOut('roll');
    const deployment = await getDeployment('roll');
    assert.equal(deployment.status?.availableReplicas, 6);
    const active = (await replicaSets('roll')).filter((set) => (set.spec?.replicas ?? 0) > 0);
    assert.equal(active.length, 1);
    assert.equal(active[0]?.metadata.annotations?.['deployment.kubernetes.io/desired-replicas'], '6');
  });

  it('holds a paused deployment at its template until kubectl rollout resume', async () => {
    const paused = await k('rollout', 'pause', 'deployment/web');
    assert.equal(paused.code, 0, paused.stderr);
    const changed = await k('set', 'image', 'deployment/web', 'main=nginx:1.27');
    assert.equal(changed.code, 0, changed.stderr);
    const seen = await eventually('the paused change to be observed', async () => {
      const deployment = await getDeployment('web');
      return deployment.status?.observedGeneration === deployment.metadata.generation ? deployment : undefined;
    });
    assert.equal(condition(seen, 'Progressing')?.reason, 'DeploymentPaused');
    assert.equal((await replicaSets('web')).length, 1, 'no new ReplicaSet while paused');
    const resumed = await k('rollout', 'resume', 'deployment/web');
    assert.equal(resumed.code, 0, resumed.stderr);
    await rolledOut('web');
    assert.deepEqual(new Set(await liveImages('web')), new Set(['nginx:1.27']));
  });

  it('rolls out a new ReplicaSet on kubectl rollout restart', async () => {
    const before = await replicaSets('web');
    const restarted = await k('rollout', 'restart', 'deployment/web');
    assert.equal(restarted.code, 0, restarted.stderr);
    await rolledOut('web');
    const sets = await replicaSets('web');
    assert.equal(sets.length, before.length + 1);
    const newest = sets.find((set) => (set.spec?.replicas ?? 0) > 0);
    assert.ok(newest?.spec?.template?.metadata?.annotations?.['kubectl.kubernetes.io/restartedAt'] !== undefined);
  });

  it('with Recreate, deletes every old pod before it creates a new one', async () => {
    await apply(manifest('recreate', { replicas: 3, strategy: 'Recreate' }));
    await rolledOut('recreate');
    const { resourceVersion } = await plane.client.list(PODS, { namespace: 'default' });
    const watch = await plane.client.watch<Pod>(PODS, { namespace: 'default', labelSelector: 'app=recreate', resourceVersion });
    const live = new Map<string, string | undefined>((await plane.client.list<Pod>(PODS, { namespace: 'default', labelSelector: 'app=recreate' })).items.map((pod) => [pod.metadata.name ?? '', pod.spec?.containers[0]?.image]));
    const oldAlongsideNew: number[] = [];
    const following = (async () => {
      for await (const event of watch) {
        const name = event.object.metadata.name ?? '';
        if (event.type === 'DELETED') live.delete(name);
        if (event.type !== 'ADDED') continue;
        oldAlongsideNew.push([...live.values()].filter((image) => image === 'nginx:1.25').length);
        live.set(name, event.object.spec?.containers[0]?.image);
      }
    })();
    const changed = await k('set', 'image', 'deployment/recreate', 'main=nginx:1.26');
    assert.equal(changed.code, 0, changed.stderr);
    await rolledOut('recreate');
    watch.stop();
    await following;
    assert.deepEqual(oldAlongsideNew, [0, 0, 0]);
  });

  it('cleans up ReplicaSets beyond revisionHistoryLimit', async () => {
    await apply(manifest('history', { replicas: 1, revisionHistoryLimit: 1 }));
    await rolledOut('history');
    for (const image of ['nginx:1.26', 'nginx:1.27']) {
      await apply(manifest('history', { replicas: 1, revisionHistoryLimit: 1, image }));
      await rolledOut('history');
    }
    await eventually('one old ReplicaSet besides the new one', async () => ((await replicaSets('history')).length === 2 ? true : undefined));
  });

  it('reports ProgressDeadlineExceeded when a rollout never becomes ready, and kubectl rollout status fails', async () => {
    await apply(manifest('stuck', { replicas: 2, progressDeadlineSeconds: 2 }));
    const status = await k('rollout', 'status', 'deployment/stuck', '--timeout=60s');
    assert.notEqual(status.code, 0);
    assert.match(status.stderr, /deployment "stuck" exceeded its progress deadline/);
    const deployment = await getDeployment('stuck');
    const progressing = condition(deployment, 'Progressing');
    assert.equal(progressing?.status, 'False');
    assert.equal(progressing.reason, 'ProgressDeadlineExceeded');
    assert.match(progressing.message ?? '', /^ReplicaSet "stuck-[a-z0-9]+" has timed out progressing\.$/);
    assert.equal(condition(deployment, 'Available')?.reason, 'MinimumReplicasUnavailable');
  });
});
