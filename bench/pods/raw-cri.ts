import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { ContainerConfig, SandboxConfig } from '../../src/agent/runtime/container-runtime.js';
import { CriRuntime } from '../../src/agent/runtime/cri/cri-runtime.js';

/**
 * Labels of the baseline's sandboxes. They carry no `io.kubernetes.pod.uid`: the
 * agent's relist and orphan sweep only look at sandboxes and containers with that
 * label, so it never syncs, adopts or kills these.
 */
export const RAW_LABELS: Readonly<Record<string, string>> = { 'tugboat.dev/bench': 'raw-cri' };
export const RAW_NAMESPACE = 'tug-bench-raw-cri';
const ALONE_STARTS = 3;

export interface RawCriResult {
  /** Per start, from the moment the burst began to its container started (queueing included), ms. */
  readonly latenciesMs: readonly number[];
  readonly totalMs: number;
  /** Per start, the sandbox + create + start calls alone (no queueing), ms. */
  readonly serviceMs: readonly number[];
  readonly sandboxMs: readonly number[];
  /** A few starts one at a time (nothing else in flight) before the burst, ms. */
  readonly aloneMs: readonly number[];
}

function sandboxConfigOf(index: number, logRoot: string, runId: string): SandboxConfig {
  const name = `raw-${index}`;
  return {
    name,
    uid: `${runId}-${index}`,
    namespace: RAW_NAMESPACE,
    attempt: 0,
    hostname: name,
    logDirectory: join(logRoot, name),
    dns: { servers: [], searches: [], options: [] },
    portMappings: [],
    labels: RAW_LABELS,
    annotations: {},
    network: 'pod',
    pid: 'container',
    ipc: 'pod',
  };
}

/** One sandbox + container start, the calls the agent makes for a one-container pod. */
async function startOne(runtime: CriRuntime, config: SandboxConfig, image: string, command: readonly string[]): Promise<{ sandboxMs: number }> {
  await mkdir(join(config.logDirectory, 'main'), { recursive: true });
  const began = performance.now();
  const sandboxId = await runtime.runPodSandbox(config);
  const sandboxMs = performance.now() - began;
  const container: ContainerConfig = { name: 'main', attempt: 0, image, command, logPath: 'main/0.log', labels: RAW_LABELS };
  const containerId = await runtime.createContainer(sandboxId, container, config);
  await runtime.startContainer(containerId);
  return { sandboxMs };
}

/**
 * Starts `count` sandbox+container pairs straight through CRI on `socket`, all
 * requested at once with at most `concurrency` in flight (the agent's pod worker
 * count), after one unmeasured warm-up start; then removes them all.
 */
export async function measureRawCri(options: {
  readonly socket: string;
  readonly image: string;
  readonly command: readonly string[];
  readonly count: number;
  readonly concurrency: number;
  readonly logRoot: string;
  readonly runId: string;
}): Promise<RawCriResult> {
  const { socket, image, command, count, concurrency, logRoot, runId } = options;
  const runtime = new CriRuntime(socket);
  try {
    await startOne(runtime, sandboxConfigOf(count, logRoot, `${runId}-warmup`), image, command);
    const aloneMs: number[] = [];
    for (let index = 0; index < ALONE_STARTS; index += 1) {
      const start = performance.now();
      await startOne(runtime, sandboxConfigOf(count + 1 + index, logRoot, `${runId}-alone`), image, command);
      aloneMs.push(performance.now() - start);
    }
    const latenciesMs: number[] = [];
    const serviceMs: number[] = [];
    const sandboxMs: number[] = [];
    let next = 0;
    const began = performance.now();
    const worker = async (): Promise<void> => {
      for (let index = next++; index < count; index = next++) {
        const start = performance.now();
        const result = await startOne(runtime, sandboxConfigOf(index, logRoot, runId), image, command);
        const done = performance.now();
        latenciesMs.push(done - began);
        serviceMs.push(done - start);
        sandboxMs.push(result.sandboxMs);
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
    const totalMs = performance.now() - began;
    return { latenciesMs, totalMs, serviceMs, sandboxMs, aloneMs };
  } finally {
    try {
      await removeRawSandboxes(runtime);
    } finally {
      await runtime.close();
    }
  }
}

/** Removes the baseline's sandboxes (CNI DEL releases their IPs, netns and iptables chains). */
async function removeRawSandboxes(runtime: CriRuntime): Promise<void> {
  const sandboxes = await runtime.listPodSandboxes({ labels: RAW_LABELS });
  for (let index = 0; index < sandboxes.length; index += 8) {
    await Promise.all(sandboxes.slice(index, index + 8).map(async (sandbox) => runtime.removePodSandbox(sandbox.id)));
  }
}
