import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { HostPodVolumes } from '../../src/agent/volumes/host-pod-volumes.js';
import { unmountUnder } from '../../src/agent/volumes/tmpfs.js';
import type { Pod } from '../../src/api/kinds.js';
import type { ApiObject } from '../../src/api/object.js';
import { resourceOf } from '../../src/client/api-client.js';
import { systemClock } from '../../src/util/clock.js';
import { silentLogger } from '../../src/util/logger.js';
import { startTestControlPlane, type TestControlPlane } from '../helpers/control-plane.js';
import { kubectl } from '../helpers/kubectl.js';

const PODS = resourceOf('v1', 'Pod');
const CONFIG_MAPS = resourceOf('v1', 'ConfigMap');
const CLAIMS = resourceOf('v1', 'PersistentVolumeClaim');
const VOLUMES = resourceOf('v1', 'PersistentVolume');

let plane: TestControlPlane;
let dataDir: string;
let volumes: HostPodVolumes;
const k = (args: string[], stdin?: string) => kubectl(plane.kubeconfig, args, stdin === undefined ? {} : { stdin });

async function createPod(name: string, spec: Record<string, unknown>): Promise<Pod> {
  const object: ApiObject = { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default' }, spec: { containers: [{ name: 'app', image: 'busybox' }], ...spec } };
  return (await plane.client.create(PODS, object)) as Pod;
}

before(async () => {
  plane = await startTestControlPlane();
  dataDir = await mkdtemp(join(tmpdir(), 'tug-pod-volumes-'));
  volumes = new HostPodVolumes({ client: plane.client, dataDir, nodeName: 'node-1', clock: systemClock, logger: silentLogger });
  // What the root CA publisher and ServiceAccount controllers would create.
  const ca = await readFile(join(plane.dataDir, 'tls', 'ca.crt'), 'utf8');
  await plane.client.create(CONFIG_MAPS, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'kube-root-ca.crt', namespace: 'default' }, data: { 'ca.crt': ca } });
  assert.equal((await k(['create', 'serviceaccount', 'default'])).code, 0);
});

after(async () => {
  await unmountUnder(dataDir);
  await rm(dataDir, { recursive: true, force: true });
  await plane.stop();
});

describe('pod volumes against a real API server', () => {
  it('sets up the kube-api-access volume the API server adds, with a token that authenticates as the pod service account', async () => {
    const pod = await createPod('with-token', {});
    const prepared = await volumes.setUp(pod);
    const [name, volume] = [...prepared].find(([volumeName]) => volumeName.startsWith('kube-api-access-')) ?? [];
    assert.ok(name !== undefined && volume !== undefined);
    const mounts = volumes.mountsFor(pod.spec?.containers[0] ?? { name: 'app' }, prepared);
    assert.deepEqual(mounts, [{ containerPath: '/var/run/secrets/kubernetes.io/serviceaccount', hostPath: volume.hostPath, readonly: true }]);
    assert.equal(await readFile(join(volume.hostPath, 'namespace'), 'utf8'), 'default');
    assert.match(await readFile(join(volume.hostPath, 'ca.crt'), 'utf8'), /BEGIN CERTIFICATE/);
    const token = await readFile(join(volume.hostPath, 'token'), 'utf8');
    const empty = join(dataDir, 'empty-kubeconfig.yaml');
    await writeFile(empty, 'apiVersion: v1\nkind: Config\n');
    const whoami = await kubectl(empty, ['--server', plane.url, '--certificate-authority', join(volume.hostPath, 'ca.crt'), '--token', token, 'get', 'pods']);
    assert.equal(whoami.code, 0, whoami.stderr);
    await volumes.tearDown(pod.metadata.uid ?? '');
  });

  it('updates a mounted ConfigMap file after kubectl changes the ConfigMap', async () => {
    assert.equal((await k(['create', 'configmap', 'settings', '--from-literal=mode=slow'])).code, 0);
    const pod = await createPod('with-config', { automountServiceAccountToken: false, volumes: [{ name: 'settings', configMap: { name: 'settings' } }] });
    const dir = (await volumes.setUp(pod)).get('settings')?.hostPath ?? '';
    assert.equal(await readFile(join(dir, 'mode'), 'utf8'), 'slow');
    assert.equal((await k(['patch', 'configmap', 'settings', '-p', '{"data":{"mode":"fast"}}'])).code, 0);
    await volumes.setUp(pod);
    assert.equal(await readFile(join(dir, 'mode'), 'utf8'), 'fast');
    await volumes.tearDown(pod.metadata.uid ?? '');
  });

  it('blocks a pod on an unbound claim and mounts the local volume once the claim is bound', async () => {
    const hostDir = join(dataDir, 'local-pv');
    await plane.client.create(VOLUMES, {
      apiVersion: 'v1',
      kind: 'PersistentVolume',
      metadata: { name: 'local-1' },
      spec: { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], hostPath: { path: hostDir } },
    });
    await plane.client.create(CLAIMS, {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: 'data', namespace: 'default' },
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, volumeName: 'local-1' },
    });
    const pod = await createPod('with-claim', { automountServiceAccountToken: false, volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'data' } }] });
    await assert.rejects(volumes.setUp(pod), { message: 'MountVolume.SetUp failed for volume "data" : persistentvolumeclaim "data" is not bound' });

    const bound = await k(['patch', 'pvc', 'data', '--subresource=status', '--type=merge', '-p', '{"status":{"phase":"Bound"}}']);
    assert.equal(bound.code, 0, bound.stderr);
    assert.deepEqual((await volumes.setUp(pod)).get('data'), { hostPath: hostDir, readOnly: false });
  });
});
