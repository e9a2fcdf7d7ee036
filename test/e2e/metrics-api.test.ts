import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Pod } from '../../src/api/kinds.js';
import { resourceOf } from '../../src/client/api-client.js';
import { BUSYBOX_IMAGE, startAgentTestCluster, type AgentTestCluster } from '../helpers/agent-node.js';
import { eventually } from '../helpers/control-plane.js';
import { kubectl } from '../helpers/kubectl.js';

const PODS = resourceOf('v1', 'Pod');

/** The rows of a `kubectl top` table, each split on runs of spaces. */
function rows(stdout: string): string[][] {
  return stdout
    .trim()
    .split('\n')
    .map((line) => line.trim().split(/\s{2,}|\s+/));
}

/** Millicores of a `kubectl top` CPU cell (`123m`, `1`). */
function millicores(cell: string | undefined): number {
  if (cell === undefined) return NaN;
  return cell.endsWith('m') ? Number(cell.slice(0, -1)) : Number(cell) * 1000;
}

describe('the metrics API (kubectl top) on real containerd', { timeout: 300_000 }, () => {
  let cluster: AgentTestCluster;
  const run = (args: readonly string[]) => kubectl(cluster.plane.kubeconfig, args);

  before(async () => {
    cluster = await startAgentTestCluster();
    const pod: Pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'busy', namespace: 'default', labels: { app: 'busy' } },
      spec: { terminationGracePeriodSeconds: 1, containers: [{ name: 'spin', image: BUSYBOX_IMAGE, command: ['sh', '-c', 'while true; do :; done'] }] },
    };
    await cluster.plane.client.create(PODS, pod);
    await eventually('pod busy running', async () => {
      const found = await cluster.plane.client.get<Pod>(PODS, 'default', 'busy');
      return found.status?.phase === 'Running' ? found : undefined;
    }, 60_000);
  });

  after(async () => {
    await cluster.stop();
  });

  it('serves metrics.k8s.io/v1beta1 in discovery with get and list only', async () => {
    const result = await run(['api-resources', '--api-group=metrics.k8s.io', '-o', 'wide']);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^nodes\s+metrics\.k8s\.io\/v1beta1\s+false\s+NodeMetrics\s+get,list\b/m);
    assert.match(result.stdout, /^pods\s+metrics\.k8s\.io\/v1beta1\s+true\s+PodMetrics\s+get,list\b/m);
  });

  it('shows the node with CPU and memory in kubectl top node', async () => {
    const result = await run(['top', 'node']);
    assert.equal(result.code, 0, result.stderr);
    const [header, row] = rows(result.stdout);
    assert.deepEqual(header, ['NAME', 'CPU(cores)', 'CPU(%)', 'MEMORY(bytes)', 'MEMORY(%)']);
    assert.equal(row?.[0], cluster.nodeName);
    assert.ok(millicores(row[1]) > 0, result.stdout);
    assert.match(row[2] ?? '', /^\d+%$/);
    assert.match(row[3] ?? '', /^\d+Mi$/);
    assert.match(row[4] ?? '', /^\d+%$/);
  });

  it('shows the busy pod with non-zero CPU in kubectl top pod, and per container with --containers', async () => {
    const pod = await eventually('busy pod CPU measured', async () => {
      const result = await run(['top', 'pod', 'busy']);
      const row = rows(result.stdout)[1];
      return result.code === 0 && millicores(row?.[1]) > 100 ? { result, row } : undefined;
    }, 60_000);
    assert.deepEqual(rows(pod.result.stdout)[0], ['NAME', 'CPU(cores)', 'MEMORY(bytes)']);
    const [name, , memory] = pod.row ?? [];
    assert.equal(name, 'busy');
    assert.match(memory ?? '', /^\d+Mi$/);

    const containers = await run(['top', 'pod', '--containers', '-l', 'app=busy']);
    assert.equal(containers.code, 0, containers.stderr);
    const [header, row] = rows(containers.stdout);
    assert.deepEqual(header, ['POD', 'NAME', 'CPU(cores)', 'MEMORY(bytes)']);
    const [podName, containerName, cpu] = row ?? [];
    assert.deepEqual([podName, containerName], ['busy', 'spin']);
    assert.ok(millicores(cpu) > 0, containers.stdout);
  });

  it('answers metrics-server objects and errors through the API', async () => {
    const raw = await run(['get', '--raw', '/apis/metrics.k8s.io/v1beta1/namespaces/default/pods/busy']);
    assert.equal(raw.code, 0, raw.stderr);
    const metrics = JSON.parse(raw.stdout) as { kind: string; metadata: { name: string; labels?: Record<string, string> }; window: string; containers: { name: string; usage: { cpu: string; memory: string } }[] };
    assert.equal(metrics.kind, 'PodMetrics');
    assert.deepEqual(metrics.metadata.labels, { app: 'busy' });
    assert.match(metrics.window, /^\d+(\.\d+)?m?s$|^\d+m[\d.]+s$/);
    const [container] = metrics.containers;
    assert.ok(container);
    assert.equal(container.name, 'spin');
    assert.match(container.usage.cpu, /^\d+[num]?$/);
    assert.match(container.usage.memory, /^\d+(Ki|Mi)?$/);

    const selected = await run(['get', '--raw', `/apis/metrics.k8s.io/v1beta1/nodes?fieldSelector=metadata.name%3D${cluster.nodeName}`]);
    assert.equal((JSON.parse(selected.stdout) as { items: unknown[] }).items.length, 1);
    const none = await run(['get', '--raw', '/apis/metrics.k8s.io/v1beta1/pods?labelSelector=app%3Dnothing']);
    assert.deepEqual((JSON.parse(none.stdout) as { items: unknown[] }).items, []);

    const missingPod = await run(['top', 'pod', 'nothing']);
    assert.notEqual(missingPod.code, 0);
    assert.match(missingPod.stderr, /NotFound.*pods "nothing" not found/);
    const missingNode = await run(['top', 'node', 'nothing']);
    assert.match(missingNode.stderr, /NotFound.*nodes "nothing" not found/);
  });
});
