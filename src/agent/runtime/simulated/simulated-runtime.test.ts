import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { FakeClock } from '../../../util/clock.js';
import { conformanceCommands, containerRuntimeConformance } from '../conformance/container-runtime-conformance.js';
import type { SandboxConfig } from '../container-runtime.js';
import { ImagePullError, RuntimeUnavailableError } from '../runtime-errors.js';
import { SimulatedRuntime } from './simulated-runtime.js';

const image = 'tugboat.local/busybox:simulated';
const exceedMemory = conformanceCommands.exceedMemory.join(' ');

containerRuntimeConformance('SimulatedRuntime', async () => {
  const scratchDir = await mkdtemp(join(tmpdir(), 'tug-simulated-'));
  return {
    runtime: new SimulatedRuntime({
      images: [{ reference: image, cmd: ['sh'] }],
      programs: (argv) => argv.join(' ') === exceedMemory
        ? { output: [], durationSeconds: Infinity, exitCode: 0, memoryBytes: Number.POSITIVE_INFINITY }
        : undefined,
    }),
    image,
    scratchDir,
    cleanUp: () => rm(scratchDir, { recursive: true, force: true }),
  };
});

const sandboxConfig: SandboxConfig = { name: 'web', uid: 'u1', namespace: 'default', attempt: 0, logDirectory: '/nonexistent' };

describe('SimulatedRuntime', () => {
  it('fails the next calls of an operation as often as a failure was injected', async () => {
    const runtime = new SimulatedRuntime();
    runtime.injectFailure('runPodSandbox', new RuntimeUnavailableError('down'), 2);
    await assert.rejects(runtime.runPodSandbox(sandboxConfig), RuntimeUnavailableError);
    await assert.rejects(runtime.runPodSandbox(sandboxConfig), RuntimeUnavailableError);
    assert.equal((await runtime.podSandboxStatus(await runtime.runPodSandbox(sandboxConfig))).state, 'ready');
  });

  it('gives each pod-network sandbox its own IP and node-network sandboxes none', async () => {
    const runtime = new SimulatedRuntime();
    const first = await runtime.podSandboxStatus(await runtime.runPodSandbox(sandboxConfig));
    const second = await runtime.podSandboxStatus(await runtime.runPodSandbox(sandboxConfig));
    const hostNetwork = await runtime.podSandboxStatus(await runtime.runPodSandbox({ ...sandboxConfig, network: 'node' }));
    assert.notEqual(first.ip, '');
    assert.notEqual(first.ip, second.ip);
    assert.equal(hostNetwork.ip, '');
  });

  it('pulls images from its simulated registry and reports the pull as it goes', async () => {
    const runtime = new SimulatedRuntime({ registry: [{ reference: 'registry.local/app:1' }] });
    const stages: string[] = [];
    await runtime.pullImage('registry.local/app:1', { onProgress: (progress) => stages.push(progress.stage) });
    assert.deepEqual(stages, ['started', 'completed']);
    assert.ok((await runtime.imageStatus('registry.local/app:1')) !== undefined);
    await assert.rejects(runtime.pullImage('registry.local/other:1'), ImagePullError);
  });

  it('lets a container sleep on its clock and exit when the time has passed', async () => {
    const clock = new FakeClock();
    const runtime = new SimulatedRuntime({ clock, images: [{ reference: image }], writeLogs: false });
    const sandboxId = await runtime.runPodSandbox(sandboxConfig);
    const id = await runtime.createContainer(sandboxId, { name: 'nap', attempt: 0, image, command: ['sh', '-c', 'sleep 30; exit 2'], logPath: 'nap.log' }, sandboxConfig);
    await runtime.startContainer(id);
    clock.advance(29_000);
    assert.equal((await runtime.containerStatus(id)).state, 'running');
    clock.advance(1000);
    const status = await runtime.containerStatus(id);
    assert.deepEqual([status.state, status.exitCode, status.finishedAt], ['exited', 2, clock.now()]);
  });

  it('ends a crashed container with the exit code and reason given', async () => {
    const runtime = new SimulatedRuntime({ images: [{ reference: image }], writeLogs: false });
    const sandboxId = await runtime.runPodSandbox(sandboxConfig);
    const id = await runtime.createContainer(sandboxId, { name: 'app', attempt: 0, image, command: ['sleep', 'infinity'], logPath: 'app.log' }, sandboxConfig);
    await runtime.startContainer(id);
    runtime.crashContainer(id, 139, 'Error');
    const status = await runtime.containerStatus(id);
    assert.deepEqual([status.state, status.exitCode, status.reason], ['exited', 139, 'Error']);
  });

  it('fails to start a container whose executable does not exist, leaving it exited with StartError', async () => {
    const runtime = new SimulatedRuntime({ images: [{ reference: image }], writeLogs: false });
    const sandboxId = await runtime.runPodSandbox(sandboxConfig);
    const id = await runtime.createContainer(sandboxId, { name: 'app', attempt: 0, image, command: ['/no/such/binary'], logPath: 'app.log' }, sandboxConfig);
    await assert.rejects(runtime.startContainer(id), /executable file not found/);
    const status = await runtime.containerStatus(id);
    assert.deepEqual([status.state, status.exitCode, status.reason], ['exited', 128, 'StartError']);
  });
});
