import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Pod } from '../../../src/api/kinds.js';
import type { ApiClient } from '../../../src/client/api-client.js';
import { resourceOf } from '../../../src/client/api-client.js';
import { eventually } from '../../helpers/control-plane.js';
import { kubectl } from '../../helpers/kubectl.js';
import { clientFor } from '../../helpers/kubeconfig-client.js';
import { startTugServer, type RunningServer } from '../../helpers/tug-server.js';
import { startTugSim, type RunningSim } from '../../helpers/tug-sim.js';

const PODS = resourceOf('v1', 'Pod');

function deployment(image: string, replicas: number): string {
  return `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: ${replicas}
  selector:
    matchLabels: {app: web}
  strategy:
    type: RollingUpdate
    rollingUpdate: {maxSurge: 2, maxUnavailable: 1}
  template:
    metadata:
      labels: {app: web}
    spec:
      tolerations:
      - {key: node.kubernetes.io/unreachable, operator: Exists, effect: NoExecute, tolerationSeconds: 2}
      - {key: node.kubernetes.io/not-ready, operator: Exists, effect: NoExecute, tolerationSeconds: 2}
      containers:
      - name: web
        image: ${image}
        resources:
          requests: {cpu: 100m, memory: 64Mi}
`;
}

/** Live (not terminating) pods of the web Deployment, by node. */
async function webPods(client: ApiClient): Promise<Pod[]> {
  const { items } = await client.list<Pod>(PODS, { namespace: 'default', labelSelector: 'app=web' });
  return items.filter((pod) => pod.metadata.deletionTimestamp === undefined);
}

function isReady(pod: Pod): boolean {
  return pod.status?.conditions?.some((condition) => condition.type === 'Ready' && condition.status === 'True') ?? false;
}

describe('Deployments on simulated nodes through tug server and kubectl', () => {
  let server: RunningServer;
  let steady: RunningSim;
  let spare: RunningSim | undefined;
  let api: Awaited<ReturnType<typeof clientFor>>;
  const run = async (args: string[], stdin?: string) => {
    const result = await kubectl(server.kubeconfig, args, stdin === undefined ? {} : { stdin });
    assert.equal(result.code, 0, `kubectl ${args.join(' ')}: ${result.stderr}`);
    return result.stdout;
  };

  before(async () => {
    server = await startTugServer({ controllers: true, datastore: 'memory://', extraArgs: ['--node-monitor-grace-period', '4s'] });
    steady = await startTugSim(server.kubeconfig, ['--nodes', '2', '--name-prefix', 'steady', '--lease-interval', '1s']);
    spare = await startTugSim(server.kubeconfig, ['--nodes', '1', '--name-prefix', 'spare', '--lease-interval', '1s']);
    api = await clientFor(server.kubeconfig);
  });
  after(async () => {
    await api.close();
    await spare?.stop();
    await steady.stop();
    await server.stop();
  });

  it('spreads 10 replicas over 3 nodes and rollout status completes', async () => {
    await run(['apply', '-f', '-'], deployment('nginx:1.25', 10));
    const status = await run(['rollout', 'status', 'deployment/web', '--timeout=60s']);
    assert.match(status, /successfully rolled out/);
    const perNode = new Map<string, number>();
    for (const pod of await webPods(api.client)) perNode.set(pod.spec?.nodeName ?? '', (perNode.get(pod.spec?.nodeName ?? '') ?? 0) + 1);
    assert.deepEqual([...perNode.keys()].sort(), ['spare-0', 'steady-0', 'steady-1']);
    assert.ok([...perNode.values()].every((count) => count >= 3), `uneven spread: ${JSON.stringify([...perNode])}`);
  });

  it('rolls out a new image within maxSurge and maxUnavailable, as the watch stream shows', async () => {
    const listed = await api.client.list<Pod>(PODS, { namespace: 'default', labelSelector: 'app=web' });
    const live = new Map(listed.items.map((pod) => [pod.metadata.name ?? '', pod]));
    const watch = await api.client.watch<Pod>(PODS, { namespace: 'default', labelSelector: 'app=web', resourceVersion: listed.resourceVersion });
    let mostPods = 0;
    let fewestReady = Number.POSITIVE_INFINITY;
    const observing = (async () => {
      for await (const event of watch) {
        const key = event.object.metadata.name ?? '';
        if (event.type === 'DELETED' || event.object.metadata.deletionTimestamp !== undefined) live.delete(key);
        else if (event.type === 'ADDED' || event.type === 'MODIFIED') live.set(key, event.object);
        if (live.size === 0) continue;
        mostPods = Math.max(mostPods, live.size);
        fewestReady = Math.min(fewestReady, [...live.values()].filter(isReady).length);
      }
    })();
    await run(['set', 'image', 'deployment/web', 'web=nginx:1.27']);
    await run(['rollout', 'status', 'deployment/web', '--timeout=90s']);
    watch.stop();
    await observing;
    assert.ok(mostPods <= 12, `at most replicas + maxSurge pods at once, saw ${mostPods}`);
    assert.ok(fewestReady >= 9, `at least replicas - maxUnavailable ready pods, saw ${fewestReady}`);
    const images = new Set((await webPods(api.client)).map((pod) => pod.spec?.containers[0]?.image));
    assert.deepEqual([...images], ['nginx:1.27']);
  });

  it('lists the revisions, and rollout undo returns to the previous image', async () => {
    const history = await run(['rollout', 'history', 'deployment/web']);
    assert.match(history, /^1\s/m);
    assert.match(history, /^2\s/m);
    await run(['rollout', 'undo', 'deployment/web']);
    await run(['rollout', 'status', 'deployment/web', '--timeout=90s']);
    const image = await run(['get', 'deployment/web', '-o', 'jsonpath={.spec.template.spec.containers[0].image}']);
    assert.equal(image, 'nginx:1.25');
    await eventually('every pod to run the previous image', async () => {
      const pods = await webPods(api.client);
      return pods.length === 10 && pods.every((pod) => pod.spec?.containers[0]?.image === 'nginx:1.25') ? true : undefined;
    }, 60_000);
  });

  it('scales down with kubectl scale', async () => {
    await run(['scale', 'deployment/web', '--replicas=4']);
    await run(['rollout', 'status', 'deployment/web', '--timeout=60s']);
    await eventually('four pods', async () => ((await webPods(api.client)).length === 4 ? true : undefined));
  });

  it('cordon and drain move pods off a node while respecting a PodDisruptionBudget', async () => {
    await run(['create', 'poddisruptionbudget', 'web', '--selector=app=web', '--min-available=3']);
    await eventually('the budget to allow a disruption', async () => {
      const allowed = await run(['get', 'pdb', 'web', '-o', 'jsonpath={.status.disruptionsAllowed}']);
      return allowed === '1' ? true : undefined;
    });
    await run(['drain', 'steady-0', '--ignore-daemonsets', '--timeout=90s']);
    const node = await run(['get', 'node', 'steady-0', '-o', 'jsonpath={.spec.unschedulable}']);
    assert.equal(node, 'true');
    const pods = await webPods(api.client);
    assert.ok(pods.every((pod) => pod.spec?.nodeName !== 'steady-0'), 'no pod is left on the drained node');
    await run(['rollout', 'status', 'deployment/web', '--timeout=60s']);
    await run(['uncordon', 'steady-0']);
  });

  it('replaces the pods of a node that stops reporting on the nodes that remain', async () => {
    await run(['scale', 'deployment/web', '--replicas=6']);
    await run(['rollout', 'status', 'deployment/web', '--timeout=60s']);
    assert.ok((await webPods(api.client)).some((pod) => pod.spec?.nodeName === 'spare-0'), 'the spare node runs some pods');
    await spare?.stop();
    spare = undefined;
    await eventually('the silent node to be NotReady', async () => {
      const ready = await run(['get', 'node', 'spare-0', '-o', 'jsonpath={.status.conditions[?(@.type=="Ready")].status}']);
      return ready === 'Unknown' ? true : undefined;
    }, 30_000);
    await eventually('six ready pods, none on the silent node', async () => {
      const pods = await webPods(api.client);
      const moved = pods.length === 6 && pods.every((pod) => pod.spec?.nodeName !== 'spare-0' && isReady(pod));
      return moved ? true : undefined;
    }, 60_000);
  });
});
