import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import type { ContainerConfig, ContainerRuntime, ContainerState, ContainerStatus, SandboxConfig } from '../container-runtime.js';
import { ImagePullError, RuntimeCallError, RuntimeNotFoundError, RuntimeTimeoutError } from '../runtime-errors.js';

export interface RuntimeUnderTest {
  readonly runtime: ContainerRuntime;
  /** An image the runtime holds with a busybox userland (sh, echo, sleep). */
  readonly image: string;
  /** A directory the suite may fill with pod log directories. */
  readonly scratchDir: string;
  /** Settings every sandbox needs here, e.g. the node's network where no pod network exists. */
  readonly sandboxDefaults?: Partial<SandboxConfig>;
  /** Stops what setUp started; called after the suite has removed its sandboxes. */
  cleanUp(): Promise<void>;
}

/** Commands the suite runs whose effect a simulation cannot read from the text alone. */
export const conformanceCommands = {
  /** Doubles a shell variable until the memory limit kills the shell. */
  exceedMemory: ['sh', '-c', 'a=x; while true; do a=$a$a; done'],
} as const;

const waitLimitMs = 30_000;

/** The behaviour every ContainerRuntime must show (see the contract in container-runtime.ts). */
export function containerRuntimeConformance(name: string, setUp: () => Promise<RuntimeUnderTest>): void {
  describe(`${name} conforms to ContainerRuntime`, () => {
    let subject: RuntimeUnderTest | undefined;
    const suiteRun = randomBytes(4).toString('hex');
    let podCount = 0;

    const under = (): RuntimeUnderTest => {
      if (subject === undefined) throw new Error('the runtime under test did not start');
      return subject;
    };
    const runtime = (): ContainerRuntime => under().runtime;

    async function runSandbox(labels: Record<string, string> = {}): Promise<{ id: string; config: SandboxConfig }> {
      podCount += 1;
      const logDirectory = join(under().scratchDir, 'pods', `${suiteRun}-${podCount}`);
      await mkdir(logDirectory, { recursive: true });
      const config: SandboxConfig = {
        name: `pod-${podCount}`,
        uid: `${suiteRun}-${podCount}`,
        namespace: 'conformance',
        attempt: 0,
        logDirectory,
        ...under().sandboxDefaults,
        labels: { 'tugboat.test/suite-run': suiteRun, ...labels },
      };
      return { id: await runtime().runPodSandbox(config), config };
    }

    async function createContainer(
      sandbox: { id: string; config: SandboxConfig },
      config: Partial<ContainerConfig> & { name: string },
    ): Promise<string> {
      await mkdir(join(sandbox.config.logDirectory, config.name), { recursive: true });
      return runtime().createContainer(sandbox.id, {
        attempt: 0,
        image: under().image,
        logPath: `${config.name}/0.log`,
        ...config,
      }, sandbox.config);
    }

    async function startContainer(
      sandbox: { id: string; config: SandboxConfig },
      config: Partial<ContainerConfig> & { name: string },
    ): Promise<string> {
      const id = await createContainer(sandbox, config);
      await runtime().startContainer(id);
      return id;
    }

    async function waitForState(containerId: string, state: ContainerState): Promise<ContainerStatus> {
      const deadline = Date.now() + waitLimitMs;
      for (;;) {
        const status = await runtime().containerStatus(containerId);
        if (status.state === state) return status;
        if (Date.now() > deadline) assert.fail(`container stayed ${status.state}, never ${state}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }

    async function logLines(path: string): Promise<{ stream: string; text: string }[]> {
      const content = await readFile(path, 'utf8');
      return content.split('\n').filter((line) => line !== '').map((line) => {
        const match = /^(\S+) (stdout|stderr) (F|P) (.*)$/.exec(line);
        assert.ok(match !== null, `not a CRI log line: ${line}`);
        assert.ok(!Number.isNaN(Date.parse(match[1] ?? '')), `not a timestamp: ${match[1]}`);
        return { stream: match[2] ?? '', text: match[4] ?? '' };
      });
    }

    before(async () => {
      subject = await setUp();
    });

    afterEach(async () => {
      if (subject === undefined) return;
      for (const sandbox of await runtime().listPodSandboxes({ labels: { 'tugboat.test/suite-run': suiteRun } })) {
        await runtime().removePodSandbox(sandbox.id);
      }
    });

    after(async () => {
      await subject?.runtime.close();
      await subject?.cleanUp();
    });

    it('reports its version and that it is ready to run containers', async () => {
      const version = await runtime().version();
      assert.notEqual(version.runtimeName, '');
      assert.equal(version.runtimeApiVersion, 'v1');
      assert.equal((await runtime().status()).runtimeReady, true);
    });

    it('lists the images it holds and reports none for an image it lacks', async () => {
      const images = await runtime().listImages();
      assert.ok(images.some((image) => image.repoTags.includes(under().image)));
      const status = await runtime().imageStatus(under().image);
      assert.ok(status !== undefined && status.id !== '');
      assert.equal(await runtime().imageStatus('tugboat.local/conformance-absent:1'), undefined);
    });

    it('fails to pull an image no registry serves with ImagePullError', async () => {
      const stages: string[] = [];
      await assert.rejects(
        runtime().pullImage('127.0.0.1:9/conformance/absent:1', { onProgress: (progress) => stages.push(progress.stage) }),
        ImagePullError,
      );
      assert.deepEqual(stages, ['started']);
    });

    it('runs a ready sandbox that its labels find, and removes it for good', async () => {
      const sandbox = await runSandbox({ app: 'web' });
      const status = await runtime().podSandboxStatus(sandbox.id);
      assert.equal(status.state, 'ready');
      assert.equal(status.name, sandbox.config.name);
      assert.equal(status.uid, sandbox.config.uid);
      assert.equal(status.labels.app, 'web');
      const found = await runtime().listPodSandboxes({ labels: { app: 'web', 'tugboat.test/suite-run': suiteRun } });
      assert.deepEqual(found.map((item) => item.id), [sandbox.id]);
      assert.deepEqual(await runtime().listPodSandboxes({ labels: { app: 'absent', 'tugboat.test/suite-run': suiteRun } }), []);

      await runtime().stopPodSandbox(sandbox.id);
      assert.equal((await runtime().podSandboxStatus(sandbox.id)).state, 'notready');
      await runtime().removePodSandbox(sandbox.id);
      await assert.rejects(runtime().podSandboxStatus(sandbox.id), RuntimeNotFoundError);
      await runtime().stopPodSandbox(sandbox.id);
      await runtime().removePodSandbox(sandbox.id);
    });

    it('runs a container to its exit code, with reason Error and its output in the CRI log file', async () => {
      const sandbox = await runSandbox();
      const id = await startContainer(sandbox, {
        name: 'failing',
        command: ['sh', '-c', 'echo hello $GREETING; echo oops >&2; exit 3'],
        env: [{ name: 'GREETING', value: 'from the env' }],
      });
      const status = await waitForState(id, 'exited');
      assert.equal(status.exitCode, 3);
      assert.equal(status.reason, 'Error');
      assert.ok(status.startedAt !== undefined && status.finishedAt !== undefined && status.startedAt <= status.finishedAt);
      assert.equal(status.logPath, join(sandbox.config.logDirectory, 'failing/0.log'));
      // stdout and stderr are separate pipes: their lines may reach the log in either order.
      const lines = (await logLines(status.logPath)).sort((a, b) => a.stream.localeCompare(b.stream));
      assert.deepEqual(lines, [
        { stream: 'stderr', text: 'oops' },
        { stream: 'stdout', text: 'hello from the env' },
      ]);
    });

    it('reports Completed for a container that exits 0 and refuses to start it again', async () => {
      const sandbox = await runSandbox();
      const id = await startContainer(sandbox, { name: 'done', command: ['echo', 'bye'] });
      const status = await waitForState(id, 'exited');
      assert.equal(status.exitCode, 0);
      assert.equal(status.reason, 'Completed');
      await assert.rejects(runtime().startContainer(id), RuntimeCallError);
    });

    it('fails to start a container whose executable does not exist, leaving it exited with StartError', async () => {
      const sandbox = await runSandbox();
      const id = await createContainer(sandbox, { name: 'missing', command: ['/no/such/binary'] });
      await assert.rejects(runtime().startContainer(id), RuntimeCallError);
      const status = await waitForState(id, 'exited');
      assert.equal(status.reason, 'StartError');
      assert.equal(status.exitCode, 128);
    });

    it('moves a container from created to running to exited, listed by state, sandbox and labels', async () => {
      const sandbox = await runSandbox();
      const other = await runSandbox();
      const id = await createContainer(sandbox, { name: 'sleeper', command: ['sleep', 'infinity'], labels: { role: 'sleeper' } });
      await startContainer(other, { name: 'elsewhere', command: ['sleep', 'infinity'] });
      assert.equal((await runtime().containerStatus(id)).state, 'created');
      assert.deepEqual((await runtime().listContainers({ sandboxId: sandbox.id, state: 'created' })).map((item) => item.id), [id]);

      await runtime().startContainer(id);
      assert.equal((await runtime().containerStatus(id)).state, 'running');
      const running = await runtime().listContainers({ sandboxId: sandbox.id, state: 'running' });
      assert.deepEqual(running.map((item) => [item.id, item.sandboxId, item.name, item.labels.role]), [[id, sandbox.id, 'sleeper', 'sleeper']]);
      assert.deepEqual((await runtime().listContainers({ labels: { role: 'sleeper' }, sandboxId: other.id })), []);

      await runtime().stopContainer(id, 0);
      const status = await runtime().containerStatus(id);
      assert.equal(status.state, 'exited');
      assert.equal(status.exitCode, 137);
      await runtime().stopContainer(id, 0);
      await runtime().removeContainer(id);
      await assert.rejects(runtime().containerStatus(id), RuntimeNotFoundError);
      await runtime().removeContainer(id);
    });

    it('runs commands in a running container with execSync, and times them out', async () => {
      const sandbox = await runSandbox();
      const id = await startContainer(sandbox, { name: 'target', command: ['sleep', 'infinity'], env: [{ name: 'WHO', value: 'exec' }] });
      const result = await runtime().execSync(id, ['sh', '-c', 'echo out $WHO; echo err >&2; exit 4'], 10);
      assert.equal(result.stdout.toString(), 'out exec\n');
      assert.equal(result.stderr.toString(), 'err\n');
      assert.equal(result.exitCode, 4);
      await assert.rejects(runtime().execSync(id, ['sleep', '5'], 1), RuntimeTimeoutError);
    });

    it('serves exec, attach and port-forward sessions from a stream URL', async () => {
      const sandbox = await runSandbox();
      const id = await startContainer(sandbox, { name: 'streamed', command: ['sleep', 'infinity'] });
      const urls = [
        await runtime().exec({ containerId: id, command: ['sh'], tty: false, stdin: true, stdout: true, stderr: true }),
        await runtime().attach({ containerId: id, tty: false, stdin: false, stdout: true, stderr: true }),
        await runtime().portForward(sandbox.id, [8080]),
      ];
      for (const url of urls) assert.match(new URL(url).protocol, /^https?:$/);
    });

    it('reports the cpu and memory a running container uses', async () => {
      const sandbox = await runSandbox();
      const id = await startContainer(sandbox, { name: 'measured', command: ['sleep', 'infinity'] });
      const stats = await runtime().containerStats(id);
      assert.equal(stats.id, id);
      assert.ok((stats.cpuUsageCoreNanoSeconds ?? 0) > 0);
      assert.ok((stats.memoryWorkingSetBytes ?? 0) > 0);
    });

    it('kills a container that exceeds its memory limit with reason OOMKilled', async () => {
      const sandbox = await runSandbox();
      const id = await startContainer(sandbox, {
        name: 'hungry',
        command: [...conformanceCommands.exceedMemory],
        resources: { memoryLimitBytes: 16 * 1024 * 1024 },
      });
      const status = await waitForState(id, 'exited');
      assert.equal(status.reason, 'OOMKilled');
      assert.equal(status.exitCode, 137);
    });

    it('removes the containers of a sandbox it removes, running or not', async () => {
      const sandbox = await runSandbox();
      await startContainer(sandbox, { name: 'running', command: ['sleep', 'infinity'] });
      await createContainer(sandbox, { name: 'created', command: ['true'] });
      assert.equal((await runtime().listContainers({ sandboxId: sandbox.id })).length, 2);
      await runtime().removePodSandbox(sandbox.id);
      assert.deepEqual(await runtime().listContainers({ sandboxId: sandbox.id }), []);
    });

    it('rejects calls about unknown sandboxes, containers and images with RuntimeNotFoundError', async () => {
      const sandbox = await runSandbox();
      const unknown = 'f'.repeat(64);
      await assert.rejects(runtime().podSandboxStatus(unknown), RuntimeNotFoundError);
      await assert.rejects(runtime().containerStatus(unknown), RuntimeNotFoundError);
      await assert.rejects(runtime().startContainer(unknown), RuntimeNotFoundError);
      await assert.rejects(runtime().execSync(unknown, ['true'], 1), RuntimeNotFoundError);
      await assert.rejects(createContainer(sandbox, { name: 'imageless', image: 'tugboat.local/conformance-absent:1' }), RuntimeNotFoundError);
      await runtime().stopContainer(unknown, 0);
      await runtime().removeContainer(unknown);
      await runtime().removeImage('tugboat.local/conformance-absent:1');
    });
  });
}
