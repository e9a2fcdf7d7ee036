import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startAgentServer, type AgentServer } from '../../src/agent/server/agent-server.js';
import type { ContainerConfig, SandboxConfig } from '../../src/agent/runtime/container-runtime.js';
import { busyboxImageArchive } from '../../src/agent/runtime/containerd/busybox-image.js';
import { ContainerdSupervisor } from '../../src/agent/runtime/containerd/containerd-supervisor.js';
import { importImageArchive } from '../../src/agent/runtime/containerd/image-importer.js';
import { reclaimContainerdLeftovers } from '../../src/agent/runtime/containerd/reclaim-containerd-leftovers.js';
import { CriRuntime } from '../../src/agent/runtime/cri/cri-runtime.js';
import { silentLogger } from '../../src/util/logger.js';

export const STREAMING_IMAGE = 'tugboat.local/busybox:streaming';

export interface StreamingContainer {
  readonly name: string;
  readonly command: readonly string[];
  readonly stdin?: boolean;
  readonly tty?: boolean;
}

/** A pod run straight through the runtime, labelled and logged the way the pod worker does it. */
export interface StreamingPod {
  readonly name: string;
  readonly uid: string;
  readonly sandboxId: string;
}

export interface StreamingNode {
  readonly runtime: CriRuntime;
  readonly agentPort: number;
  runPod(name: string, containers: readonly StreamingContainer[]): Promise<StreamingPod>;
  /** Starts another attempt of a container in a pod's sandbox, as a restart does; returns its id. */
  runPodAttempt(sandboxId: string, podName: string, container: StreamingContainer, attempt: number): Promise<string>;
  stop(): Promise<void>;
}

/**
 * One real node without its pod worker: our own containerd (stopped by PID on stop,
 * its sandboxes removed) with a busybox image, and the agent server in front of it.
 */
export async function startStreamingNode(caPem: string): Promise<StreamingNode> {
  const dataDir = await mkdtemp(join(tmpdir(), 'tug-streaming-node-'));
  const supervisor = new ContainerdSupervisor({ dataDir });
  let runtime: CriRuntime | undefined;
  let agent: AgentServer | undefined;
  const sandboxes: string[] = [];
  const pods = new Map<string, RunningPod>();
  const stop = async (): Promise<void> => {
    await agent?.stop();
    for (const id of sandboxes) await runtime?.removePodSandbox(id).catch(() => undefined);
    await runtime?.close();
    await supervisor.stop();
    await reclaimContainerdLeftovers(dataDir);
    await rm(dataDir, { recursive: true, force: true });
  };
  try {
    await supervisor.start();
    const archivePath = join(dataDir, 'busybox.tar');
    await writeFile(archivePath, await busyboxImageArchive(STREAMING_IMAGE));
    await importImageArchive({ address: supervisor.paths.socket, archivePath });
    const cri = new CriRuntime(supervisor.endpoint);
    runtime = cri;
    agent = await startAgentServer({ runtime: cri, caPem, host: '127.0.0.1', port: 0, logger: silentLogger });
    return {
      runtime: cri,
      agentPort: agent.port,
      runPod: async (name, containers) => {
        const pod = await runPod(cri, dataDir, name, containers);
        sandboxes.push(pod.sandboxId);
        pods.set(pod.sandboxId, pod);
        return pod;
      },
      runPodAttempt: async (sandboxId, podName, container, attempt) => {
        const pod = pods.get(sandboxId);
        if (pod?.name !== podName) throw new Error(`no pod ${podName} in sandbox ${sandboxId}`);
        return pod.start(container, attempt);
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

interface RunningPod extends StreamingPod {
  start(container: StreamingContainer, attempt: number): Promise<string>;
}

async function runPod(runtime: CriRuntime, dataDir: string, name: string, containers: readonly StreamingContainer[]): Promise<RunningPod> {
  const uid = randomUUID();
  const namespace = 'default';
  const labels = { 'io.kubernetes.pod.name': name, 'io.kubernetes.pod.namespace': namespace, 'io.kubernetes.pod.uid': uid };
  const sandbox: SandboxConfig = {
    name,
    uid,
    namespace,
    attempt: 0,
    logDirectory: join(dataDir, 'logs', 'pods', `${namespace}_${name}_${uid}`),
    labels,
    network: 'node',
  };
  for (const container of containers) await mkdir(join(sandbox.logDirectory, container.name), { recursive: true });
  const sandboxId = await runtime.runPodSandbox(sandbox);
  const start = async (container: StreamingContainer, attempt: number): Promise<string> => {
    const config: ContainerConfig = {
      name: container.name,
      attempt,
      image: STREAMING_IMAGE,
      command: container.command,
      logPath: `${container.name}/${attempt}.log`,
      labels: { ...labels, 'io.kubernetes.container.name': container.name },
      annotations: { 'io.kubernetes.container.restartCount': String(attempt) },
      stdin: container.stdin ?? false,
      stdinOnce: container.stdin ?? false,
      tty: container.tty ?? false,
    };
    const id = await runtime.createContainer(sandboxId, config, sandbox);
    await runtime.startContainer(id);
    return id;
  };
  for (const container of containers) await start(container, 0);
  return { name, uid, sandboxId, start };
}
