import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { after, before, describe, it } from 'node:test';
import type { Lease, Node, Pod } from '../../src/api/kinds.js';
import { SimulatedNodes } from '../../src/agent/simulated-nodes/simulated-nodes.js';
import { resourceOf, type ApiClient } from '../../src/client/api-client.js';
import { isNotFound } from '../../src/client/api-status-error.js';
import { eventually, startTestControlPlane, type TestControlPlane } from '../helpers/control-plane.js';
import { kubectl } from '../helpers/kubectl.js';

const PODS = resourceOf('v1', 'Pod');
const NODES = resourceOf('v1', 'Node');
const LEASES = resourceOf('coordination.k8s.io/v1', 'Lease');
const entry = new URL('../../src/cmd/tug.ts', import.meta.url).pathname;

function pod(name: string, spec: Partial<NonNullable<Pod['spec']>> = {}, annotations: Record<string, string> = {}): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', annotations },
    spec: { containers: [{ name: 'main', image: 'busybox:1.36' }], ...spec },
  };
}

async function createBound(client: ApiClient, object: Pod, node: string): Promise<void> {
  const name = object.metadata.name ?? '';
  await client.create(PODS, object);
  await client.createSubresource(PODS, 'default', name, 'binding', {
    apiVersion: 'v1',
    kind: 'Binding',
    metadata: { name, namespace: 'default' },
    target: { apiVersion: 'v1', kind: 'Node', name: node },
  });
}

async function podWhere(client: ApiClient, name: string, check: (pod: Pod) => boolean): Promise<Pod> {
  return await eventually(`pod ${name} to reach the expected state`, async () => {
    const current = await client.get<Pod>(PODS, 'default', name);
    return check(current) ? current : undefined;
  });
}

describe('simulated nodes', () => {
  let plane: TestControlPlane;
  before(async () => {
    plane = await startTestControlPlane();
  });
  after(async () => {
    await plane.stop();
  });

  it('`tug sim` registers nodes kubectl shows Ready and runs a pod bound to one of them', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', entry, 'sim', '--nodes', '3', '--kubeconfig', plane.kubeconfig, '--name-prefix', 'cli', '--zones', '2'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          reject(new Error(`tug sim did not start:\n${stderr}`));
        }, 30_000);
        createInterface({ input: child.stdout }).on('line', (line) => {
          if (line.includes('simulated nodes running')) {
            clearTimeout(timer);
            resolve();
          }
        });
      });
      assert.match(stderr, /registered 3\/3 nodes/);
      const listed = await kubectl(plane.kubeconfig, ['get', 'nodes', '--no-headers']);
      assert.equal(listed.code, 0, listed.stderr);
      const rows = listed.stdout.trim().split('\n').map((row) => row.split(/\s+/));
      assert.deepEqual(rows.map((row) => [row[0], row[1]]), [['cli-0', 'Ready'], ['cli-1', 'Ready'], ['cli-2', 'Ready']]);
      const zones = await kubectl(plane.kubeconfig, ['get', 'nodes', '-L', 'topology.kubernetes.io/zone', '--no-headers']);
      assert.deepEqual(zones.stdout.trim().split('\n').map((row) => row.split(/\s+/).at(-1)), ['zone-0', 'zone-1', 'zone-0']);

      await createBound(plane.client, pod('on-cli-1'), 'cli-1');
      const running = await podWhere(plane.client, 'on-cli-1', (current) => current.status?.phase === 'Running');
      assert.match(running.status?.podIP ?? '', /^10\.42\.1\.\d+$/);
      const wide = await kubectl(plane.kubeconfig, ['get', 'pod', 'on-cli-1', '-o', 'wide', '--no-headers']);
      assert.match(wide.stdout, /on-cli-1\s+1\/1\s+Running\s+0\s+\S+\s+10\.42\.1\.\d+\s+cli-1/);
    } finally {
      if (child.exitCode === null) process.kill(child.pid ?? 0, 'SIGTERM');
    }
    assert.equal(await exited, 0, stderr);
  });

  it('registers nodes with capacity, labels, pod CIDRs and addresses, and renews their Leases', async () => {
    const nodes = new SimulatedNodes({ client: plane.client, count: 2, namePrefix: 'shape', cpu: '8', memory: '16Gi', pods: 50, leaseRenewIntervalMs: 200 });
    await nodes.start();
    try {
      const node = await plane.client.get<Node>(NODES, undefined, 'shape-1');
      assert.deepEqual(
        { cpu: node.status?.allocatable?.cpu, memory: node.status?.allocatable?.memory, pods: node.status?.capacity?.pods },
        { cpu: '8', memory: '16Gi', pods: '50' },
      );
      assert.equal(node.metadata.labels?.['kubernetes.io/hostname'], 'shape-1');
      assert.equal(node.metadata.labels['node.kubernetes.io/instance-type'], 'simulated');
      assert.equal(node.spec?.podCIDR, '10.42.1.0/24');
      assert.match(node.status?.nodeInfo?.kubeletVersion ?? '', /^v1\.32\./);
      assert.ok(node.status?.addresses?.some((address) => address.type === 'InternalIP'));
      const first = await plane.client.get<Lease>(LEASES, 'kube-node-lease', 'shape-1');
      assert.equal(first.spec?.holderIdentity, 'shape-1');
      await eventually('the lease to be renewed', async () => {
        const lease = await plane.client.get<Lease>(LEASES, 'kube-node-lease', 'shape-1');
        return lease.spec?.renewTime !== first.spec?.renewTime ? true : undefined;
      });
    } finally {
      await nodes.removeNodes();
    }
    await assert.rejects(plane.client.get(NODES, undefined, 'shape-0'), isNotFound);
  });

  it('completes run-to-completion pods, fails pods asked to fail, and removes pods being deleted', async () => {
    const nodes = new SimulatedNodes({ client: plane.client, count: 1, namePrefix: 'pods', completeAfterMs: 300 });
    await nodes.start();
    try {
      await createBound(plane.client, pod('job-like', { restartPolicy: 'Never' }), 'pods-0');
      await createBound(plane.client, pod('fails', { restartPolicy: 'Never' }, { 'sim.tugboat.dev/exit-code': '3' }), 'pods-0');
      await createBound(plane.client, pod('crashes', {}, { 'sim.tugboat.dev/exit-code': '1' }), 'pods-0');
      await createBound(plane.client, pod('service'), 'pods-0');

      const succeeded = await podWhere(plane.client, 'job-like', (current) => current.status?.phase === 'Succeeded');
      assert.equal(succeeded.status?.containerStatuses?.[0]?.state?.terminated?.exitCode, 0);
      const failed = await podWhere(plane.client, 'fails', (current) => current.status?.phase === 'Failed');
      assert.equal(failed.status?.containerStatuses?.[0]?.state?.terminated?.exitCode, 3);
      const crashing = await podWhere(plane.client, 'crashes', (current) => current.status?.containerStatuses?.[0]?.state?.waiting !== undefined);
      assert.equal(crashing.status?.containerStatuses?.[0]?.state?.waiting?.reason, 'CrashLoopBackOff');
      const service = await podWhere(plane.client, 'service', (current) => current.status?.phase === 'Running');
      assert.ok(service.status?.conditions?.some((condition) => condition.type === 'Ready' && condition.status === 'True'));

      await plane.client.delete(PODS, 'default', 'service');
      await eventually('the deleted pod to be gone', async () => {
        try {
          await plane.client.get(PODS, 'default', 'service');
          return undefined;
        } catch (error) {
          return isNotFound(error) ? true : undefined;
        }
      });
    } finally {
      await nodes.removeNodes();
    }
  });
});
