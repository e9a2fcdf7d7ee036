import assert from 'node:assert/strict';
import { lstat, mkdtemp, readdir, readFile, readlink, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { Pod } from '../../api/kinds.js';
import { FakeClock } from '../../util/clock.js';
import { silentLogger } from '../../util/logger.js';
import { FakeApi } from './fake-api.js';
import { HostPodVolumes } from './host-pod-volumes.js';
import { mountPointsUnder, unmountUnder } from './tmpfs.js';

type Volume = NonNullable<NonNullable<Pod['spec']>['volumes']>[number];
type Container = NonNullable<Pod['spec']>['containers'][number];

let dataDir: string;
let clock: FakeClock;
let api: FakeApi;
let volumes: HostPodVolumes;

const core = (resource: string, name: string) => `/api/v1/namespaces/default/${resource}/${name}`;

function pod(podVolumes: Volume[], containers: Container[] = [{ name: 'app', image: 'busybox' }], uid = 'pod-uid-1'): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web', namespace: 'default', uid, labels: { app: 'web', tier: 'front "end"' }, annotations: { owner: 'team-a' } },
    spec: { containers, volumes: podVolumes, serviceAccountName: 'builder', nodeName: 'node-1' },
  };
}

const read = (path: string) => readFile(path, 'utf8');
const modeOf = async (path: string) => (await stat(path)).mode & 0o7777;

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'tug-volumes-'));
  clock = new FakeClock();
  api = new FakeApi(clock);
  volumes = new HostPodVolumes({ client: api.client, dataDir, nodeName: 'node-1', clock, logger: silentLogger });
});

afterEach(async () => {
  await unmountUnder(dataDir);
  await rm(dataDir, { recursive: true, force: true });
});

describe('configMap volumes', () => {
  it('write every key as a read-only file with mode 0644 behind ..data symlinks', async () => {
    api.put(core('configmaps', 'app'), { metadata: { name: 'app' }, data: { 'app.conf': 'port=80', mode: 'fast' }, binaryData: { logo: Buffer.from([0, 1, 2]).toString('base64') } });
    const prepared = await volumes.setUp(pod([{ name: 'config', configMap: { name: 'app' } }]));
    const dir = prepared.get('config')?.hostPath ?? '';
    assert.equal(prepared.get('config')?.readOnly, true);
    assert.equal(dir, join(dataDir, 'pods', 'pod-uid-1', 'volumes', 'kubernetes.io~configmap', 'config'));
    assert.equal(await read(join(dir, 'app.conf')), 'port=80');
    assert.deepEqual(await readFile(join(dir, 'logo')), Buffer.from([0, 1, 2]));
    assert.equal(await modeOf(join(dir, 'mode')), 0o644);
    assert.equal(await readlink(join(dir, 'app.conf')), '..data/app.conf');
    assert.match(await readlink(join(dir, '..data')), /^\.\.\d{4}_\d\d_\d\d_\d\d_\d\d_\d\d\./);
  });

  it('write only the listed items, at their paths and modes, with the defaultMode for the others', async () => {
    api.put(core('configmaps', 'app'), { metadata: { name: 'app' }, data: { a: 'A', b: 'B', c: 'C' } });
    const prepared = await volumes.setUp(pod([{ name: 'config', configMap: { name: 'app', defaultMode: 0o600, items: [{ key: 'a', path: 'nested/first' }, { key: 'b', path: 'second', mode: 0o400 }] } }]));
    const dir = prepared.get('config')?.hostPath ?? '';
    assert.deepEqual((await readdir(dir)).filter((name) => !name.startsWith('..')).sort(), ['nested', 'second']);
    assert.equal(await read(join(dir, 'nested', 'first')), 'A');
    assert.equal(await modeOf(join(dir, 'nested', 'first')), 0o600);
    assert.equal(await modeOf(join(dir, 'second')), 0o400);
  });

  it('update the mounted files in place when the ConfigMap changes, removing the old data directory', async () => {
    api.put(core('configmaps', 'app'), { metadata: { name: 'app' }, data: { greeting: 'hello', old: 'x' } });
    const spec = pod([{ name: 'config', configMap: { name: 'app' } }]);
    const dir = (await volumes.setUp(spec)).get('config')?.hostPath ?? '';
    const first = await readlink(join(dir, '..data'));
    await volumes.setUp(spec);
    assert.equal(await readlink(join(dir, '..data')), first, 'an unchanged ConfigMap rewrites nothing');

    api.put(core('configmaps', 'app'), { metadata: { name: 'app' }, data: { greeting: 'bonjour', added: 'y' } });
    clock.advance(1000);
    await volumes.setUp(spec);
    const second = await readlink(join(dir, '..data'));
    assert.notEqual(second, first);
    assert.equal(await read(join(dir, 'greeting')), 'bonjour');
    assert.equal(await read(join(dir, 'added')), 'y');
    const entries = await readdir(dir);
    assert.ok(!entries.includes('old'), 'a removed key disappears');
    assert.ok(!entries.includes(first), 'the previous data directory is removed');
    assert.ok(!entries.includes('..data_tmp'));
  });

  it('fail with upstream FailedMount messages for a missing ConfigMap or key, unless optional', async () => {
    await assert.rejects(volumes.setUp(pod([{ name: 'config', configMap: { name: 'absent' } }])), {
      message: 'MountVolume.SetUp failed for volume "config" : configmap "absent" not found',
    });
    const optional = await volumes.setUp(pod([{ name: 'config', configMap: { name: 'absent', optional: true } }]));
    assert.deepEqual((await readdir(optional.get('config')?.hostPath ?? '')).filter((name) => !name.startsWith('..')), []);
    api.put(core('configmaps', 'app'), { metadata: { name: 'app' }, data: { a: 'A' } });
    await assert.rejects(volumes.setUp(pod([{ name: 'config', configMap: { name: 'app', items: [{ key: 'zz', path: 'zz' }] } }])), {
      message: 'MountVolume.SetUp failed for volume "config" : configmap references non-existent config key: zz',
    });
  });
});

describe('secret volumes', () => {
  it('decode the data and honour items and modes', async () => {
    api.put(core('secrets', 'creds'), { metadata: { name: 'creds' }, data: { user: Buffer.from('admin').toString('base64'), pass: Buffer.from('s3cret').toString('base64') } });
    const prepared = await volumes.setUp(pod([{ name: 'creds', secret: { secretName: 'creds', defaultMode: 0o400, items: [{ key: 'pass', path: 'password' }] } }]));
    const dir = prepared.get('creds')?.hostPath ?? '';
    assert.equal(dir, join(dataDir, 'pods', 'pod-uid-1', 'volumes', 'kubernetes.io~secret', 'creds'));
    assert.equal(await read(join(dir, 'password')), 's3cret');
    assert.equal(await modeOf(join(dir, 'password')), 0o400);
    assert.equal(prepared.get('creds')?.readOnly, true);
  });

  it('fail for a missing secret or key', async () => {
    await assert.rejects(volumes.setUp(pod([{ name: 'creds', secret: { secretName: 'absent' } }])), {
      message: 'MountVolume.SetUp failed for volume "creds" : secret "absent" not found',
    });
    api.put(core('secrets', 'creds'), { metadata: { name: 'creds' }, data: {} });
    await assert.rejects(volumes.setUp(pod([{ name: 'creds', secret: { secretName: 'creds', items: [{ key: 'k', path: 'k' }] } }])), {
      message: 'MountVolume.SetUp failed for volume "creds" : references non-existent secret key: k',
    });
  });
});

describe('emptyDir volumes', () => {
  it('are world-writable directories on disk', async () => {
    const prepared = await volumes.setUp(pod([{ name: 'cache', emptyDir: {} }]));
    const dir = prepared.get('cache')?.hostPath ?? '';
    assert.equal(dir, join(dataDir, 'pods', 'pod-uid-1', 'volumes', 'kubernetes.io~empty-dir', 'cache'));
    assert.equal(await modeOf(dir), 0o777);
    assert.equal(prepared.get('cache')?.readOnly, false);
  });

  it('with medium Memory are a size-limited tmpfs that tearDown unmounts', async () => {
    const spec = pod([{ name: 'scratch', emptyDir: { medium: 'Memory', sizeLimit: '2Mi' } }]);
    const dir = (await volumes.setUp(spec)).get('scratch')?.hostPath ?? '';
    assert.deepEqual(await mountPointsUnder(dir), [dir]);
    const mountinfo = await read('/proc/self/mountinfo');
    assert.match(mountinfo.split('\n').find((line) => line.includes(` ${dir} `)) ?? '', /tmpfs .*size=2048k/);
    await volumes.setUp(spec);
    assert.deepEqual(await mountPointsUnder(dir), [dir], 'a second setUp does not mount again');
    await volumes.tearDown('pod-uid-1');
    assert.deepEqual(await mountPointsUnder(dir), []);
    await assert.rejects(stat(join(dataDir, 'pods', 'pod-uid-1')), { code: 'ENOENT' });
  });
});

describe('hostPath volumes', () => {
  it('mount the host path itself and create DirectoryOrCreate and FileOrCreate paths', async () => {
    const dir = join(dataDir, 'host', 'made');
    const file = join(dataDir, 'made.txt');
    const prepared = await volumes.setUp(pod([
      { name: 'dir', hostPath: { path: dir, type: 'DirectoryOrCreate' } },
      { name: 'file', hostPath: { path: file, type: 'FileOrCreate' } },
      { name: 'null', hostPath: { path: '/dev/null', type: 'CharDevice' } },
    ]));
    assert.deepEqual(prepared.get('dir'), { hostPath: dir, readOnly: false });
    assert.ok((await stat(dir)).isDirectory());
    assert.ok((await stat(file)).isFile());
  });

  it('fail the type checks with upstream messages', async () => {
    const file = join(dataDir, 'plain.txt');
    await writeFile(file, 'x');
    const cases: [string, string, string][] = [
      [file, 'Directory', `hostPath type check failed: ${file} is not a directory`],
      [file, 'DirectoryOrCreate', `hostPath type check failed: ${file} is not a directory`],
      [dataDir, 'File', `hostPath type check failed: ${dataDir} is not a file`],
      [join(dataDir, 'absent'), 'File', `hostPath type check failed: ${join(dataDir, 'absent')} is not a file`],
      [file, 'Socket', `hostPath type check failed: ${file} is not a socket file`],
      [file, 'CharDevice', `hostPath type check failed: ${file} is not a character device`],
      ['/dev/null', 'BlockDevice', 'hostPath type check failed: /dev/null is not a block device'],
      [file, 'Weird', 'Weird is an invalid volume type'],
    ];
    for (const [path, type, message] of cases) {
      await assert.rejects(volumes.setUp(pod([{ name: 'h', hostPath: { path, type } as NonNullable<Volume['hostPath']> }])), { message: `MountVolume.SetUp failed for volume "h" : ${message}` }, `${type} on ${path}`);
    }
  });
});

describe('downwardAPI volumes', () => {
  it('write pod metadata and container resources with divisors, limits defaulting to the node allocatable', async () => {
    api.put('/api/v1/nodes/node-1', { metadata: { name: 'node-1' }, status: { allocatable: { cpu: '2', memory: '4Gi' } } });
    const container: Container = { name: 'app', image: 'busybox', resources: { limits: { memory: '64Mi' }, requests: { cpu: '250m' } } };
    const prepared = await volumes.setUp(pod([{
      name: 'info',
      downwardAPI: {
        items: [
          { path: 'name', fieldRef: { fieldPath: 'metadata.name' } },
          { path: 'namespace', fieldRef: { fieldPath: 'metadata.namespace' } },
          { path: 'uid', fieldRef: { fieldPath: 'metadata.uid' } },
          { path: 'labels', fieldRef: { fieldPath: 'metadata.labels' }, mode: 0o600 },
          { path: 'owner', fieldRef: { fieldPath: "metadata.annotations['owner']" } },
          { path: 'mem', resourceFieldRef: { containerName: 'app', resource: 'limits.memory', divisor: '1Mi' } },
          { path: 'cpu-limit', resourceFieldRef: { containerName: 'app', resource: 'limits.cpu' } },
          { path: 'cpu-request', resourceFieldRef: { containerName: 'app', resource: 'requests.cpu', divisor: '1m' } },
        ],
      },
    }], [container]));
    const dir = prepared.get('info')?.hostPath ?? '';
    assert.equal(await read(join(dir, 'name')), 'web');
    assert.equal(await read(join(dir, 'namespace')), 'default');
    assert.equal(await read(join(dir, 'uid')), 'pod-uid-1');
    assert.equal(await read(join(dir, 'labels')), 'app="web"\ntier="front \\"end\\""');
    assert.equal(await modeOf(join(dir, 'labels')), 0o600);
    assert.equal(await read(join(dir, 'owner')), 'team-a');
    assert.equal(await read(join(dir, 'mem')), '64');
    assert.equal(await read(join(dir, 'cpu-limit')), '2');
    assert.equal(await read(join(dir, 'cpu-request')), '250');
  });
});

describe('projected volumes', () => {
  const apiAccess: Volume = {
    name: 'kube-api-access-abcde',
    projected: {
      defaultMode: 0o644,
      sources: [
        { serviceAccountToken: { expirationSeconds: 3600, path: 'token' } },
        { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
        { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
      ],
    },
  };

  it('hold a pod-bound token from the TokenRequest API, the cluster CA and the namespace', async () => {
    api.put(core('configmaps', 'kube-root-ca.crt'), { metadata: { name: 'kube-root-ca.crt' }, data: { 'ca.crt': 'PEM' } });
    const dir = (await volumes.setUp(pod([apiAccess]))).get('kube-api-access-abcde')?.hostPath ?? '';
    assert.equal(await read(join(dir, 'token')), 'token-1');
    assert.equal(await read(join(dir, 'ca.crt')), 'PEM');
    assert.equal(await read(join(dir, 'namespace')), 'default');
    assert.deepEqual(api.tokenRequests[0]?.spec, {
      audiences: [],
      expirationSeconds: 3600,
      boundObjectRef: { apiVersion: 'v1', kind: 'Pod', name: 'web', uid: 'pod-uid-1' },
    });
  });

  it('refresh the token only once 80% of its lifetime has passed', async () => {
    api.put(core('configmaps', 'kube-root-ca.crt'), { metadata: { name: 'kube-root-ca.crt' }, data: { 'ca.crt': 'PEM' } });
    const spec = pod([apiAccess]);
    const dir = (await volumes.setUp(spec)).get('kube-api-access-abcde')?.hostPath ?? '';
    clock.advance(2879_000);
    await volumes.setUp(spec);
    assert.equal(api.tokenRequests.length, 1);
    clock.advance(1000);
    await volumes.setUp(spec);
    assert.equal(api.tokenRequests.length, 2);
    assert.equal(await read(join(dir, 'token')), 'token-2');
  });
});

describe('persistentVolumeClaim volumes', () => {
  it('mount the path of the hostPath or local volume the claim is bound to', async () => {
    api.put(core('persistentvolumeclaims', 'data'), { metadata: { name: 'data' }, spec: { volumeName: 'pv-1' }, status: { phase: 'Bound' } });
    api.put('/api/v1/persistentvolumes/pv-1', { metadata: { name: 'pv-1' }, spec: { local: { path: '/srv/data' } } });
    const prepared = await volumes.setUp(pod([{ name: 'data', persistentVolumeClaim: { claimName: 'data', readOnly: true } }]));
    assert.deepEqual(prepared.get('data'), { hostPath: '/srv/data', readOnly: true });
  });

  it('block the pod while the claim is not bound', async () => {
    api.put(core('persistentvolumeclaims', 'data'), { metadata: { name: 'data' }, spec: {}, status: { phase: 'Pending' } });
    await assert.rejects(volumes.setUp(pod([{ name: 'data', persistentVolumeClaim: { claimName: 'data' } }])), {
      message: 'MountVolume.SetUp failed for volume "data" : persistentvolumeclaim "data" is not bound',
    });
  });
});

describe('volume bookkeeping', () => {
  it('lists the pods that have volumes on disk and forgets them after tearDown', async () => {
    await volumes.setUp(pod([{ name: 'cache', emptyDir: {} }], undefined, 'uid-a'));
    await volumes.setUp(pod([{ name: 'cache', emptyDir: {} }], undefined, 'uid-b'));
    assert.deepEqual((await volumes.podsWithVolumes()).sort(), ['uid-a', 'uid-b']);
    await volumes.tearDown('uid-a');
    assert.deepEqual(await volumes.podsWithVolumes(), ['uid-b']);
  });
});

describe('container mounts', () => {
  it('make configMap volumes read-only, keep subPath files pinned, expand subPathExpr and map propagation', async () => {
    api.put(core('configmaps', 'app'), { metadata: { name: 'app' }, data: { 'app.conf': 'v1' } });
    const spec = pod([{ name: 'config', configMap: { name: 'app' } }, { name: 'cache', emptyDir: {} }]);
    const prepared = await volumes.setUp(spec);
    const container: Container = {
      name: 'app',
      image: 'busybox',
      env: [{ name: 'SHARD', value: 'east' }],
      volumeMounts: [
        { name: 'config', mountPath: '/etc/app' },
        { name: 'config', mountPath: '/etc/app.conf', subPath: 'app.conf' },
        { name: 'cache', mountPath: '/cache', subPathExpr: 'shards/$(SHARD)', mountPropagation: 'HostToContainer' },
        { name: 'cache', mountPath: '/ro', readOnly: true },
      ],
    };
    const mounts = volumes.mountsFor(container, prepared);
    const configDir = prepared.get('config')?.hostPath ?? '';
    const cacheDir = prepared.get('cache')?.hostPath ?? '';
    assert.deepEqual(mounts[0], { containerPath: '/etc/app', hostPath: configDir, readonly: true });
    const pinned = mounts[1]?.hostPath ?? '';
    assert.equal(mounts[1]?.readonly, true);
    assert.equal(await read(pinned), 'v1');
    assert.ok(!(await lstat(pinned)).isSymbolicLink(), 'a subPath names the file itself, not the ..data link');
    assert.deepEqual(mounts[2], { containerPath: '/cache', hostPath: join(cacheDir, 'shards', 'east'), readonly: false, propagation: 'hostToContainer' });
    assert.ok((await stat(join(cacheDir, 'shards', 'east'))).isDirectory());
    assert.equal(mounts[3]?.readonly, true);

    api.put(core('configmaps', 'app'), { metadata: { name: 'app' }, data: { 'app.conf': 'v2' } });
    clock.advance(1000);
    await volumes.setUp(spec);
    assert.equal(await read(join(configDir, 'app.conf')), 'v2');
  });

  it('refuse a mount of a volume the pod does not have, and subPaths that leave the volume', async () => {
    const prepared = await volumes.setUp(pod([{ name: 'cache', emptyDir: {} }]));
    assert.throws(() => volumes.mountsFor({ name: 'app', volumeMounts: [{ name: 'nope', mountPath: '/x' }] }, prepared), {
      message: 'cannot find volume "nope" to mount into container "app"',
    });
    assert.throws(() => volumes.mountsFor({ name: 'app', volumeMounts: [{ name: 'cache', mountPath: '/x', subPath: '../../etc' }] }, prepared), /must be a relative path without '\.\.'/);
  });
});
