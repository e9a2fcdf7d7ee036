import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { agentImagePaths } from '../../src/agent/images/agent-image-paths.js';
import { containerdPaths } from '../../src/agent/runtime/containerd/containerd-config.js';
import { ContainerdSupervisor } from '../../src/agent/runtime/containerd/containerd-supervisor.js';
import { reclaimContainerdLeftovers } from '../../src/agent/runtime/containerd/reclaim-containerd-leftovers.js';
import { CriRuntime } from '../../src/agent/runtime/cri/cri-runtime.js';
import { freePort, REPO_ROOT } from '../api/tug-process.js';
import type { Resources } from '../lib/resources.js';

const execFileAsync = promisify(execFile);
const TUG = join(REPO_ROOT, 'bin', 'tug.js');
/** The agent stops its pod workers, its server and containerd on SIGTERM; SIGKILL after this. */
const STOP_GRACE_MS = 15_000;
const LOG_TAIL_CHARS = 16_384;

/** A `tug agent` child process (its own containerd, its own pod bridge) joined to a bench server. */
export interface AgentProcess {
  readonly pid: number;
  readonly dataDir: string;
  readonly bridgeName: string;
  readonly nodeName: string;
  /** containerd's socket under the agent's data dir. */
  readonly containerdSocket: string;
  /** The PID of the agent's containerd (from its pid file), once it runs. */
  readonly containerdPid: () => Promise<number | undefined>;
  readonly logTail: () => string;
  readonly exited: () => boolean;
  /**
   * Stops the agent (SIGTERM, SIGKILL after 15 s), then removes what it leaves on
   * the machine: every sandbox through CRI (CNI DEL frees pod IPs, netns and the
   * ipMasq iptables chains), shims and their processes by PID, containerd by PID,
   * mounts under the data dir and the pod bridge. Runs once.
   */
  readonly stop: () => Promise<void>;
}

function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (hasExited(child)) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => {
    resolve();
  }));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
  await exited;
  clearTimeout(timer);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function pidFromFile(path: string): Promise<number | undefined> {
  const pid = Number.parseInt(await readFile(path, 'utf8').catch(() => ''), 10);
  return Number.isInteger(pid) && pid > 0 && isAlive(pid) ? pid : undefined;
}

/** Kills a containerd left running (the agent was SIGKILLed) by the PID in its pid file. */
async function killContainerd(containerdDir: string): Promise<void> {
  const pid = await pidFromFile(containerdPaths(containerdDir).pidFile);
  if (pid === undefined) return;
  const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
  if (!cmdline.includes(containerdDir)) return;
  process.kill(pid, 'SIGKILL');
  for (let waited = 0; isAlive(pid) && waited < 5000; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
}

/** With the agent stopped, removes every sandbox of its containerd through CRI (as test/helpers/agent-node.ts does). */
async function removeEverySandbox(containerdDir: string): Promise<void> {
  const supervisor = new ContainerdSupervisor({ dataDir: containerdDir });
  try {
    await supervisor.start();
    const runtime = new CriRuntime(supervisor.endpoint);
    try {
      for (const sandbox of await runtime.listPodSandboxes()) await runtime.removePodSandbox(sandbox.id);
    } finally {
      await runtime.close();
    }
  } finally {
    await supervisor.stop();
  }
}

/** Lazily unmounts whatever is still mounted under `dir` (pod volumes, rootfs, shm). */
export async function unmountUnder(dir: string): Promise<void> {
  const mountInfo = await readFile('/proc/self/mountinfo', 'utf8');
  const points = mountInfo
    .split('\n')
    .map((line) => line.split(' ')[4])
    .filter((point): point is string => point !== undefined && (point === dir || point.startsWith(`${dir}/`)))
    .map((point) => point.replace(/\\(\d{3})/g, (_, octal: string) => String.fromCharCode(Number.parseInt(octal, 8))))
    .sort((a, b) => b.length - a.length);
  for (const point of points) await execFileAsync('umount', ['-l', point]).catch(() => undefined);
}

/**
 * Spawns `node bin/tug.js agent --kubeconfig KUBECONFIG` as its own process, with a
 * bridge, node name, data dir and kubelet port of its own, on node IP 127.0.0.1.
 * The stop (with the clean-up) is registered with `resources` at once.
 */
export async function startAgentProcess(options: {
  readonly kubeconfig: string;
  readonly dataDir: string;
  readonly nodeName: string;
  readonly bridgeName: string;
  readonly resources: Resources;
}): Promise<AgentProcess> {
  const { kubeconfig, dataDir, nodeName, bridgeName, resources } = options;
  if (resources.releasing) throw new Error('interrupted: not starting tug agent');
  const kubeletPort = await freePort();
  const paths = agentImagePaths(dataDir);
  const child = spawn(
    process.execPath,
    [TUG, 'agent', '--kubeconfig', kubeconfig, '--node-name', nodeName, '--node-ip', '127.0.0.1', '--data-dir', dataDir, '--kubelet-port', String(kubeletPort), '--bridge', bridgeName],
    { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let tail = '';
  const keep = (chunk: Buffer): void => {
    tail = (tail + chunk.toString()).slice(-LOG_TAIL_CHARS);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  child.once('error', (error) => {
    tail += `\nspawn failed: ${error.message}`;
  });
  const stop = resources.add(`tug agent pid ${child.pid ?? '?'} (bridge ${bridgeName}, ${dataDir})`, async () => {
    const problems: string[] = [];
    const step = async (name: string, action: () => Promise<unknown>): Promise<void> => {
      try {
        await action();
      } catch (error) {
        problems.push(`${name}: ${error instanceof Error ? error.message : String(error)}`);
      }
    };
    await step('stopping tug agent', () => stopChild(child));
    await step('killing containerd', () => killContainerd(paths.containerdDir));
    await step('removing sandboxes', () => removeEverySandbox(paths.containerdDir));
    await step('killing shims', () => reclaimContainerdLeftovers(paths.containerdDir));
    await step('killing containerd', () => killContainerd(paths.containerdDir));
    await step('unmounting', () => unmountUnder(dataDir));
    await step(`deleting bridge ${bridgeName}`, async () => {
      const links = await execFileAsync('ip', ['-o', 'link', 'show']);
      if (links.stdout.includes(` ${bridgeName}:`)) await execFileAsync('ip', ['link', 'delete', bridgeName]);
    });
    if (problems.length > 0) throw new Error(problems.join('; '));
  });
  return {
    pid: child.pid ?? 0,
    dataDir,
    bridgeName,
    nodeName,
    containerdSocket: paths.containerdSocket,
    containerdPid: () => pidFromFile(containerdPaths(paths.containerdDir).pidFile),
    logTail: () => tail,
    exited: () => hasExited(child),
    stop,
  };
}

/** `tug images import FILE --data-dir DIR`, into the agent's containerd. */
export async function importImage(archivePath: string, dataDir: string): Promise<string> {
  const { stdout } = await execFileAsync(process.execPath, [TUG, 'images', 'import', archivePath, '--data-dir', dataDir], { cwd: REPO_ROOT });
  return stdout.trim();
}

/** The PIDs of the runc shims serving `socket`'s containerd (for their RSS). */
export async function shimPids(socket: string): Promise<number[]> {
  const { readdir } = await import('node:fs/promises');
  const pids: number[] = [];
  for (const name of await readdir('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const cmdline = (await readFile(`/proc/${name}/cmdline`, 'utf8').catch(() => '')).replaceAll('\0', ' ');
    if (cmdline.includes('containerd-shim') && cmdline.includes(socket)) pids.push(Number(name));
  }
  return pids;
}
