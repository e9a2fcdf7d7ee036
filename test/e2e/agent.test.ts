import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Node, Pod } from '../../src/api/kinds.js';
import { resourceOf } from '../../src/client/api-client.js';
import { isNotFound } from '../../src/client/api-status-error.js';
import { POD_UID_LABEL } from '../../src/agent/pods/pod-labels.js';
import { BUSYBOX_IMAGE, startAgentTestCluster, type AgentTestCluster } from '../helpers/agent-node.js';
import { eventually } from '../helpers/control-plane.js';
import { kubectl } from '../helpers/kubectl.js';

const PODS = resourceOf('v1', 'Pod');
const CONFIG_MAPS = resourceOf('v1', 'ConfigMap');
const SECRETS = resourceOf('v1', 'Secret');
const EVENTS = resourceOf('v1', 'Event');

type Container = NonNullable<Pod['spec']>['containers'][number];

function podOf(name: string, container: Partial<Container>, spec: Partial<NonNullable<Pod['spec']>> = {}): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default' },
    spec: { terminationGracePeriodSeconds: 1, ...spec, containers: [{ name: 'main', image: BUSYBOX_IMAGE, ...container }] },
  };
}

function httpGet(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = get(url, { timeout: 2000 }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        body += chunk;
      });
      response.on('end', () => {
        resolve({ status: response.statusCode ?? 0, body });
      });
    });
    request.on('timeout', () => {
      request.destroy(new Error('timed out'));
    });
    request.on('error', reject);
  });
}

describe('agent on real containerd', { timeout: 300_000 }, () => {
  let cluster: AgentTestCluster;
  const client = () => cluster.plane.client;
  const getPod = async (name: string) => client().get<Pod>(PODS, 'default', name);
  const mainStatus = async (name: string) => (await getPod(name)).status?.containerStatuses?.[0];
  const eventReasons = async (pod: Pod) =>
    (await client().list<{ apiVersion: string; kind: string; metadata: { name?: string }; reason?: string; message?: string; involvedObject?: { uid?: string } }>(EVENTS, { namespace: 'default' })).items
      .filter((event) => event.involvedObject?.uid === pod.metadata.uid)
      .map((event) => `${event.reason ?? ''}: ${event.message ?? ''}`);

  before(async () => {
    cluster = await startAgentTestCluster();
  });

  after(async () => {
    await cluster.stop();
  });

  it('registers a Ready node with capacity, addresses, node info and a pod CIDR', async () => {
    const node = await eventually('node Ready with a pod CIDR', async () => {
      const found = await client().get<Node>(resourceOf('v1', 'Node'), undefined, cluster.nodeName);
      const ready = found.status?.conditions?.find((condition) => condition.type === 'Ready')?.status === 'True';
      return ready && found.spec?.podCIDR !== undefined ? found : undefined;
    }, 30_000);
    assert.equal(node.status?.capacity?.pods, '110');
    assert.equal(node.metadata.labels?.['kubernetes.io/os'], 'linux');
    assert.deepEqual(node.status.addresses?.[0], { type: 'InternalIP', address: '127.0.0.1' });
    assert.match(node.status.nodeInfo?.containerRuntimeVersion ?? '', /^containerd:\/\//);
    assert.equal(node.status.nodeInfo?.kubeletVersion, 'v1.32.0-tug');
    assert.match(node.spec?.podCIDR ?? '', /^10\.42\.\d+\.0\/24$/);
    const lease = await client().get(resourceOf('coordination.k8s.io/v1', 'Lease'), 'kube-node-lease', cluster.nodeName);
    assert.equal((lease as { spec?: { holderIdentity?: string } }).spec?.holderIdentity, cluster.nodeName);
  });

  it('runs an httpd pod that is Running with a pod IP answering HTTP from the node', async () => {
    const created = Date.now();
    await client().create(PODS, podOf('web', { command: ['sh', '-c', 'mkdir -p /www && echo hello from tugboat > /www/index.html && exec httpd -f -p 8080 -h /www'], ports: [{ containerPort: 8080 }] }));
    const pod = await eventually('web Running and Ready', async () => {
      const found = await getPod('web');
      return found.status?.phase === 'Running' && found.status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') === true ? found : undefined;
    }, 60_000);
    process.stdout.write(`# pod start latency (create -> Running and Ready seen by polling): ${Date.now() - created} ms\n`);
    const podIp = pod.status?.podIP ?? '';
    assert.match(podIp, /^10\.42\.\d+\.\d+$/);
    assert.equal(pod.status?.hostIP, '127.0.0.1');
    assert.equal(pod.status.qosClass, 'BestEffort');
    assert.match(pod.status.containerStatuses?.[0]?.containerID ?? '', /^containerd:\/\//);
    const response = await eventually('HTTP answer from the pod', async () => httpGet(`http://${podIp}:8080/`));
    assert.equal(response.status, 200);
    assert.equal(response.body, 'hello from tugboat\n');
    const table = await kubectl(cluster.plane.kubeconfig, ['get', 'pod', 'web', '-o', 'wide']);
    assert.match(table.stdout, /web\s+1\/1\s+Running\s+0/);
  });

  it('shows CrashLoopBackOff and a growing restart count for a container that exits 1', async () => {
    const pod = await client().create<Pod>(PODS, podOf('crash', { command: ['sh', '-c', 'echo failing; exit 1'] }));
    const status = await eventually('crash in CrashLoopBackOff', async () => {
      const found = await mainStatus('crash');
      return found?.state?.waiting?.reason === 'CrashLoopBackOff' ? found : undefined;
    }, 60_000);
    assert.ok(status.restartCount >= 1);
    assert.equal(status.lastState?.terminated?.exitCode, 1);
    assert.equal(status.lastState.terminated.reason, 'Error');
    assert.match(status.state?.waiting?.message ?? '', new RegExp(`^back-off \\d+s restarting failed container=main pod=crash_default\\(${pod.metadata.uid ?? ''}\\)$`));
    const table = await kubectl(cluster.plane.kubeconfig, ['get', 'pod', 'crash']);
    assert.match(table.stdout, /crash\s+0\/1\s+CrashLoopBackOff\s+[1-9]/);
    await eventually('a second restart after the back-off', async () => ((await mainStatus('crash'))?.restartCount ?? 0) >= 2 || undefined, 40_000);
    assert.ok((await eventReasons(pod)).some((event) => event.startsWith('BackOff: Back-off restarting failed container main in pod crash_default')));
  });

  it('restarts a container whose liveness probe fails', async () => {
    const pod = await client().create<Pod>(
      PODS,
      podOf('unhealthy', { command: ['sleep', '3600'], livenessProbe: { exec: { command: ['cat', '/tmp/healthy'] }, periodSeconds: 1, failureThreshold: 2 } }),
    );
    await eventually('a liveness restart', async () => ((await mainStatus('unhealthy'))?.restartCount ?? 0) >= 1 || undefined, 40_000);
    const events = await eventReasons(pod);
    assert.ok(events.some((event) => event.startsWith('Unhealthy: Liveness probe failed')));
    assert.ok(events.includes('Killing: Container main failed liveness probe, will be restarted'));
  });

  it('keeps a pod not Ready until its readiness probe passes', async () => {
    await client().create(PODS, podOf('gated', { command: ['sleep', '3600'], readinessProbe: { exec: { command: ['test', '-f', '/tmp/ready'] }, periodSeconds: 1 } }));
    const running = await eventually('gated running', async () => {
      const found = await mainStatus('gated');
      return found?.state?.running === undefined ? undefined : found;
    }, 30_000);
    assert.equal(running.ready, false);
    const ready = (await getPod('gated')).status?.conditions?.find((c) => c.type === 'Ready');
    assert.equal(ready?.status, 'False');
    assert.equal(ready.reason, 'ContainersNotReady');
    const containerId = (running.containerID ?? '').replace('containerd://', '');
    await cluster.agent.runtime.execSync(containerId, ['touch', '/tmp/ready'], 5);
    await eventually('gated Ready', async () => (await getPod('gated')).status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') || undefined, 20_000);
  });

  it('reports OOMKilled for a container over its memory limit', async () => {
    await client().create(
      PODS,
      podOf('hungry', { command: ['sh', '-c', 'a=x; while true; do a=$a$a; done'], resources: { limits: { memory: '16Mi' } } }, { restartPolicy: 'Never' }),
    );
    const pod = await eventually('hungry Failed', async () => {
      const found = await getPod('hungry');
      return found.status?.phase === 'Failed' ? found : undefined;
    }, 60_000);
    const terminated = pod.status?.containerStatuses?.[0]?.state?.terminated;
    assert.equal(terminated?.reason, 'OOMKilled');
    assert.equal(terminated.exitCode, 137);
  });

  it('passes env from a ConfigMap and a Secret to the container, and refuses a missing key with CreateContainerConfigError', async () => {
    await client().create(CONFIG_MAPS, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: 'default' }, data: { color: 'blue', size: 'large' } });
    await client().create(SECRETS, { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'credentials', namespace: 'default' }, data: { password: Buffer.from('s3cret').toString('base64') } });
    await client().create(
      PODS,
      podOf('configured', {
        command: ['sleep', '3600'],
        envFrom: [{ configMapRef: { name: 'settings' }, prefix: 'CM_' }],
        env: [
          { name: 'COLOR', valueFrom: { configMapKeyRef: { name: 'settings', key: 'color' } } },
          { name: 'PASSWORD', valueFrom: { secretKeyRef: { name: 'credentials', key: 'password' } } },
          { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
          { name: 'GREETING', value: 'color is $(COLOR)' },
        ],
      }),
    );
    const running = await eventually('configured running', async () => {
      const found = await mainStatus('configured');
      return found?.state?.running === undefined ? undefined : found;
    }, 30_000);
    const result = await cluster.agent.runtime.execSync((running.containerID ?? '').replace('containerd://', ''), ['env'], 5);
    const env = result.stdout.toString('utf8');
    for (const line of ['COLOR=blue', 'PASSWORD=s3cret', 'POD_NAME=configured', 'CM_color=blue', 'CM_size=large', 'GREETING=color is blue']) {
      assert.ok(env.split('\n').includes(line), `${line} in\n${env}`);
    }
    await client().create(PODS, podOf('misconfigured', { command: ['sleep', '3600'], env: [{ name: 'X', valueFrom: { configMapKeyRef: { name: 'settings', key: 'missing' } } }] }));
    const waiting = await eventually('CreateContainerConfigError', async () => {
      const found = await mainStatus('misconfigured');
      return found?.state?.waiting?.reason === 'CreateContainerConfigError' ? found.state.waiting : undefined;
    }, 30_000);
    assert.equal(waiting.message, "couldn't find key missing in ConfigMap default/settings");
  });

  it('shows ErrImagePull and then ImagePullBackOff for an image that does not exist', async () => {
    await client().create(PODS, podOf('no-image', { image: '127.0.0.1:1/does-not-exist:1' }));
    const reasons = new Set<string>();
    await eventually('ImagePullBackOff after ErrImagePull', async () => {
      const reason = (await mainStatus('no-image'))?.state?.waiting?.reason;
      if (reason !== undefined) reasons.add(reason);
      return reasons.has('ErrImagePull') && reasons.has('ImagePullBackOff') ? true : undefined;
    }, 40_000);
  });

  it('adopts running pods after an agent restart without restarting them', async () => {
    const before = await mainStatus('web');
    assert.ok(before?.containerID !== undefined);
    await cluster.restartAgent();
    const web = await getPod('web');
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const after = await mainStatus('web');
    assert.equal(after?.containerID, before.containerID);
    assert.equal(after.restartCount, before.restartCount);
    assert.equal(after.state?.running?.startedAt, before.state?.running?.startedAt);
    const response = await httpGet(`http://${web.status?.podIP ?? ''}:8080/`);
    assert.equal(response.status, 200);
  });

  it('stops a deleted pod with SIGTERM first, which its process sees, and mounts a Secret as files', async () => {
    const hostDir = await mkdtemp(join(tmpdir(), 'tug-sigterm-'));
    try {
      await client().create(SECRETS, { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'files', namespace: 'default' }, stringData: { token: 's3cret' } });
      await client().create(
        PODS,
        podOf(
          'graceful',
          {
            command: ['sh', '-c', "trap 'echo got SIGTERM > /host/signal; exit 0' TERM; while true; do sleep 1; done"],
            volumeMounts: [
              { name: 'host', mountPath: '/host' },
              { name: 'secret', mountPath: '/etc/secret', readOnly: true },
            ],
          },
          {
            terminationGracePeriodSeconds: 20,
            volumes: [
              { name: 'host', hostPath: { path: hostDir, type: 'Directory' } },
              { name: 'secret', secret: { secretName: 'files' } },
            ],
          },
        ),
      );
      await eventually('graceful to run', async () => ((await getPod('graceful')).status?.phase === 'Running' ? true : undefined), 60_000);
      const read = await kubectl(cluster.plane.kubeconfig, ['exec', 'graceful', '--', 'cat', '/etc/secret/token']);
      assert.equal(read.stdout, 's3cret', read.stderr);
      const started = Date.now();
      await client().delete(PODS, 'default', 'graceful');
      await eventually('graceful gone from the API', async () => {
        try {
          await getPod('graceful');
          return undefined;
        } catch (error) {
          return isNotFound(error) ? true : undefined;
        }
      }, 30_000);
      assert.equal(await readFile(join(hostDir, 'signal'), 'utf8'), 'got SIGTERM\n');
      assert.ok(Date.now() - started < 15_000, 'a process that exits on SIGTERM does not wait for the whole grace period');
    } finally {
      await rm(hostDir, { recursive: true, force: true });
    }
  });

  it('runs init containers first, holds liveness until the startup probe passes, and runs postStart and preStop hooks', async () => {
    const hostDir = await mkdtemp(join(tmpdir(), 'tug-hooks-'));
    try {
      const base = podOf(
        'lifecycle',
        {
          command: ['sh', '-c', 'sleep 2; touch /work/started; while true; do sleep 1; done'],
          volumeMounts: [
            { name: 'work', mountPath: '/work' },
            { name: 'host', mountPath: '/host' },
          ],
          startupProbe: { exec: { command: ['cat', '/work/started'] }, periodSeconds: 1, failureThreshold: 30 },
          livenessProbe: { exec: { command: ['cat', '/work/started'] }, periodSeconds: 1, failureThreshold: 1 },
          lifecycle: {
            postStart: { exec: { command: ['sh', '-c', 'echo post-start > /work/hook'] } },
            preStop: { exec: { command: ['sh', '-c', 'echo pre-stop > /host/hook'] } },
          },
        },
        {
          terminationGracePeriodSeconds: 10,
          volumes: [
            { name: 'work', emptyDir: {} },
            { name: 'host', hostPath: { path: hostDir, type: 'Directory' } },
          ],
        },
      );
      const spec = base.spec ?? { containers: [] };
      await client().create(PODS, {
        ...base,
        spec: { ...spec, initContainers: [{ name: 'prepare', image: BUSYBOX_IMAGE, command: ['sh', '-c', 'echo from-init > /work/init'], volumeMounts: [{ name: 'work', mountPath: '/work' }] }] },
      });
      const started = await eventually('the startup probe to pass', async () => {
        const status = await mainStatus('lifecycle');
        return status?.started === true ? status : undefined;
      }, 60_000);
      assert.equal(started.restartCount, 0, 'liveness waits for the startup probe instead of killing the slow starter');
      const initStatus = (await getPod('lifecycle')).status?.initContainerStatuses?.[0];
      assert.equal(initStatus?.state?.terminated?.exitCode, 0);
      const exec = async (command: string) => (await kubectl(cluster.plane.kubeconfig, ['exec', 'lifecycle', '--', 'cat', command])).stdout;
      assert.equal(await exec('/work/init'), 'from-init\n');
      assert.equal(await exec('/work/hook'), 'post-start\n');
      await client().delete(PODS, 'default', 'lifecycle');
      await eventually('lifecycle gone', async () => {
        try {
          await getPod('lifecycle');
          return undefined;
        } catch (error) {
          return isNotFound(error) ? true : undefined;
        }
      }, 30_000);
      assert.equal(await readFile(join(hostDir, 'hook'), 'utf8'), 'pre-stop\n');
    } finally {
      await rm(hostDir, { recursive: true, force: true });
    }
  });

  it('removes every sandbox and container of a deleted pod, and the pod itself', async () => {
    const pod = await getPod('web');
    const uid = pod.metadata.uid ?? '';
    await client().delete(PODS, 'default', 'web');
    await eventually('web gone from the API', async () => {
      try {
        await getPod('web');
        return undefined;
      } catch (error) {
        return isNotFound(error) ? true : undefined;
      }
    }, 30_000);
    await eventually('no sandbox or container of web left', async () => {
      const sandboxes = await cluster.agent.runtime.listPodSandboxes({ labels: { [POD_UID_LABEL]: uid } });
      const containers = await cluster.agent.runtime.listContainers({ labels: { [POD_UID_LABEL]: uid } });
      return sandboxes.length === 0 && containers.length === 0 ? true : undefined;
    }, 30_000);
  });
});
