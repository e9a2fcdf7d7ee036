import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CriRuntime } from '../cri/cri-runtime.js';
import { ContainerdSupervisor } from './containerd-supervisor.js';
import { PAUSE_IMAGE } from './pause-image.js';
import { reclaimContainerdLeftovers } from './reclaim-containerd-leftovers.js';

async function until<T>(check: () => Promise<T | undefined>, what: string): Promise<T> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const value = await check().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) assert.fail(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('ContainerdSupervisor', () => {
  let dataDir = '';
  let supervisor: ContainerdSupervisor;
  let runtime: CriRuntime;

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'tug-containerd-'));
    supervisor = new ContainerdSupervisor({ dataDir, restartBackoff: { baseMs: 100, maxMs: 1000 } });
    runtime = new CriRuntime(supervisor.endpoint);
  });

  after(async () => {
    await runtime.close();
    await supervisor.stop();
    await reclaimContainerdLeftovers(dataDir);
    await rm(dataDir, { recursive: true, force: true });
  });

  it('starts containerd with our config, serving CRI with the pause image already imported', async () => {
    await supervisor.start();
    assert.ok(supervisor.pid !== undefined);
    assert.equal(await readFile(supervisor.paths.pidFile, 'utf8'), `${supervisor.pid}\n`);
    const config = await readFile(supervisor.paths.config, 'utf8');
    assert.match(config, /restrict_oom_score_adj = true/);
    assert.match(config, /SystemdCgroup = false/);
    assert.equal((await runtime.status()).runtimeReady, true);
    assert.ok((await runtime.imageStatus(PAUSE_IMAGE)) !== undefined);
  });

  it('restarts containerd when it dies, keeping the sandboxes it ran', async () => {
    const sandboxId = await runtime.runPodSandbox({
      name: 'survivor', uid: 'survivor-1', namespace: 'default', attempt: 0, logDirectory: dataDir, network: 'node',
    });
    const firstPid = supervisor.pid;
    assert.ok(firstPid !== undefined);
    process.kill(firstPid, 'SIGKILL');
    const status = await until(async () => {
      const pid = supervisor.pid;
      return pid !== undefined && pid !== firstPid ? runtime.podSandboxStatus(sandboxId) : undefined;
    }, 'a new containerd serves');
    assert.equal(status.state, 'ready');
    assert.equal(supervisor.restarts, 1);
    await runtime.removePodSandbox(sandboxId);
  });

  it('stops containerd by its PID', async () => {
    const pid = supervisor.pid;
    assert.ok(pid !== undefined);
    await supervisor.stop();
    assert.equal(supervisor.pid, undefined);
    assert.throws(() => process.kill(pid, 0), { code: 'ESRCH' });
  });
});
