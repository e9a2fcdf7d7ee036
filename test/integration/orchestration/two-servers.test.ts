import assert from 'node:assert/strict';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { eventually } from '../../helpers/control-plane.js';
import { startEtcdCluster, type EtcdCluster } from '../../helpers/etcd-cluster.js';
import { kubectl } from '../../helpers/kubectl.js';
import { startTugServer, type RunningServer } from '../../helpers/tug-server.js';

describe('two tug servers on one etcd', () => {
  let etcd: EtcdCluster;
  let first: RunningServer | undefined;
  let second: RunningServer | undefined;
  const dirs: string[] = [];
  const run = async (server: RunningServer, args: string[]) => {
    const result = await kubectl(server.kubeconfig, args);
    assert.equal(result.code, 0, `kubectl ${args.join(' ')}: ${result.stderr}`);
    return result.stdout;
  };
  const holder = async (server: RunningServer) =>
    run(server, ['get', 'lease', '-n', 'kube-system', 'tug-controller-manager', '-o', 'jsonpath={.spec.holderIdentity}']);
  const podCount = async (server: RunningServer) =>
    (await run(server, ['get', 'pods', '-l', 'app=once', '-o', 'name'])).trim().split('\n').filter((line) => line !== '').length;

  before(async () => {
    etcd = await startEtcdCluster({ members: 1 });
    const datastore = `etcd://${etcd.endpoints.join(',')}`;
    const firstDir = await mkdtemp(join(tmpdir(), 'tug-ha-a-'));
    const secondDir = await mkdtemp(join(tmpdir(), 'tug-ha-b-'));
    dirs.push(firstDir, secondDir);
    first = await startTugServer({ controllers: true, datastore, dataDir: firstDir });
    // The second server joins the same cluster: same CA and credentials, its own port.
    await cp(join(firstDir, 'tls'), join(secondDir, 'tls'), { recursive: true });
    second = await startTugServer({ controllers: true, datastore, dataDir: secondDir });
  });
  after(async () => {
    await second?.stop();
    await first?.stop();
    await etcd.stop();
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('serve the same API, but only the elected leader runs the controllers', async () => {
    if (first === undefined || second === undefined) throw new Error('servers did not start');
    const leader = await eventually('a leader', async () => {
      const identity = await holder(first as RunningServer);
      return identity === '' ? undefined : identity;
    });
    assert.equal(await holder(second), leader, 'both servers read one lease');
    await run(second, ['create', 'deployment', 'once', '--image=nginx:1.25', '--replicas=3']);
    await eventually('three pods', async () => ((await podCount(first as RunningServer)) === 3 ? true : undefined));
    await new Promise((resolve) => setTimeout(resolve, 1500));
    assert.equal(await podCount(first), 3, 'a second set of controllers would have made six');
  });

  it('the other server takes over when the leader stops', async () => {
    if (first === undefined || second === undefined) throw new Error('servers did not start');
    const before = await holder(first);
    await first.stop({ keepData: true });
    first = undefined;
    const survivor = second;
    await eventually('a new leader', async () => {
      const identity = await holder(survivor);
      return identity !== '' && identity !== before ? identity : undefined;
    }, 30_000);
    const pod = (await run(survivor, ['get', 'pods', '-l', 'app=once', '-o', 'name'])).trim().split('\n')[0] ?? '';
    await run(survivor, ['delete', pod, '--wait=false']);
    await eventually('the ReplicaSet to replace the pod', async () => {
      const names = (await run(survivor, ['get', 'pods', '-l', 'app=once', '-o', 'name'])).trim().split('\n');
      return names.length === 3 && !names.includes(pod) ? true : undefined;
    }, 30_000);
  });
});
