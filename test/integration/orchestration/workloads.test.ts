import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eventually } from '../../helpers/control-plane.js';
import { kubectl } from '../../helpers/kubectl.js';
import { startTugServer, type RunningServer } from '../../helpers/tug-server.js';
import { startTugSim, type RunningSim } from '../../helpers/tug-sim.js';

const DAEMON_SET = `
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent, namespace: default}
spec:
  selector:
    matchLabels: {app: agent}
  template:
    metadata:
      labels: {app: agent}
    spec:
      containers:
      - {name: agent, image: busybox:1.36}
`;

describe('Jobs, CronJobs, DaemonSets and clean-up on simulated nodes', () => {
  let server: RunningServer;
  let sim: RunningSim;
  const kube = async (args: string[], stdin?: string) => kubectl(server.kubeconfig, args, stdin === undefined ? {} : { stdin });
  const run = async (args: string[], stdin?: string) => {
    const result = await kube(args, stdin);
    assert.equal(result.code, 0, `kubectl ${args.join(' ')}: ${result.stderr}`);
    return result.stdout;
  };
  const lines = (text: string) => text.trim().split('\n').filter((line) => line !== '');

  before(async () => {
    server = await startTugServer({ controllers: true, datastore: 'memory://' });
    sim = await startTugSim(server.kubeconfig, ['--nodes', '2', '--name-prefix', 'base', '--complete-after', '500ms']);
  });
  after(async () => {
    await sim.stop();
    await server.stop();
  });

  it('runs a Job to completion', async () => {
    await run(['create', 'job', 'count', '--image=busybox:1.36', '--', 'sh', '-c', 'echo done']);
    await run(['wait', '--for=condition=complete', 'job/count', '--timeout=60s']);
    const completions = await run(['get', 'job', 'count', '-o', 'jsonpath={.status.succeeded}']);
    assert.equal(completions, '1');
  });

  it('a CronJob starts a Job on its schedule that completes', async () => {
    await run(['create', 'cronjob', 'tick', '--image=busybox:1.36', '--schedule=* * * * *', '--', 'true']);
    const job = await eventually('the CronJob to start a Job', async () => {
      const names = lines(await run(['get', 'jobs', '-o', 'name']));
      return names.find((name) => name.startsWith('job.batch/tick-'));
    }, 75_000);
    await run(['wait', '--for=condition=complete', job, '--timeout=60s']);
    await eventually('the CronJob to record its last success', async () => {
      const last = await run(['get', 'cronjob', 'tick', '-o', 'jsonpath={.status.lastSuccessfulTime}']);
      return last === '' ? undefined : last;
    });
  });

  it('a DaemonSet follows nodes joining and leaving', async () => {
    await run(['apply', '-f', '-'], DAEMON_SET);
    await run(['rollout', 'status', 'daemonset/agent', '--timeout=60s']);
    const nodesOf = async () =>
      lines(await run(['get', 'pods', '-l', 'app=agent', '-o', 'jsonpath={range .items[*]}{.spec.nodeName}{"\\n"}{end}'])).sort();
    assert.deepEqual(await nodesOf(), ['base-0', 'base-1']);
    const joiner = await startTugSim(server.kubeconfig, ['--nodes', '1', '--name-prefix', 'joiner', '--remove-on-exit']);
    try {
      await eventually('a pod on the new node', async () => ((await nodesOf()).includes('joiner-0') ? true : undefined), 30_000);
    } finally {
      await joiner.stop();
    }
    await eventually('the pod to leave with its node', async () => {
      const nodes = await nodesOf();
      return nodes.length === 2 && !nodes.includes('joiner-0') ? true : undefined;
    }, 30_000);
  });

  it('deleting an owner deletes what it owns', async () => {
    await run(['create', 'deployment', 'owned', '--image=nginx:1.25', '--replicas=2']);
    await run(['rollout', 'status', 'deployment/owned', '--timeout=60s']);
    await run(['delete', 'deployment', 'owned']);
    await eventually('the ReplicaSet and pods to go', async () => {
      const left = await run(['get', 'replicasets,pods', '-l', 'app=owned', '-o', 'name']);
      return left.trim() === '' ? true : undefined;
    }, 30_000);
  });

  it('deleting a namespace deletes everything in it, then the namespace', async () => {
    await run(['create', 'namespace', 'team']);
    await run(['-n', 'team', 'create', 'deployment', 'app', '--image=nginx:1.25', '--replicas=2']);
    await run(['-n', 'team', 'create', 'configmap', 'settings', '--from-literal=a=b']);
    await run(['-n', 'team', 'rollout', 'status', 'deployment/app', '--timeout=60s']);
    await run(['delete', 'namespace', 'team', '--timeout=60s']);
    const gone = await kube(['get', 'namespace', 'team']);
    assert.notEqual(gone.code, 0);
    assert.match(gone.stderr, /namespaces "team" not found/);
  });

  it('reports reconciles per controller on /metrics', async () => {
    const metrics = await run(['get', '--raw', '/metrics']);
    assert.match(metrics, /tugboat_controller_reconcile_total\{controller="job",result="success"\} [1-9]/);
    assert.match(metrics, /tugboat_workqueue_depth\{name="daemonset"\} \d+/);
  });
});
