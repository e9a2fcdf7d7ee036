import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Node } from '../../src/api/kinds.js';
import { POD_UID_LABEL } from '../../src/agent/pods/pod-labels.js';
import { busyboxImageArchive } from '../../src/agent/runtime/containerd/busybox-image.js';
import { CriRuntime } from '../../src/agent/runtime/cri/cri-runtime.js';
import { ApiClient, resourceOf } from '../../src/client/api-client.js';
import { Http2Transport } from '../../src/client/http2-transport.js';
import { loadKubeconfig } from '../../src/client/kubeconfig.js';
import { buildDist } from '../api/build.js';
import { processMemory, startTug } from '../api/tug-process.js';
import { summarize } from '../lib/stats.js';
import type { BenchContext, BenchOutcome, Measurement } from '../lib/types.js';
import { round } from '../storage/suite.js';
import { sleep } from '../storage/workload.js';
import { importImage, shimPids, startAgentProcess, unmountUnder, type AgentProcess } from './node-process.js';
import { BENCH_NAMESPACE, deleteBenchPods, measurePodStartup } from './pod-startup.js';
import { measureRawCri } from './raw-cri.js';

const POD_COUNT = 50;
/** The agent's PodManager runs 16 pod workers by default; the baseline gets as many. */
const AGENT_POD_WORKERS = 16;
const IMAGE = 'tugboat.local/busybox:bench';
const COMMAND = ['sleep', '2147483'] as const;
const NODE_READY_TIMEOUT_MS = 60_000;
const STARTUP_TIMEOUT_MS = 120_000;
const P99_TARGET_MS = 1000;
const RATIO_TARGET = 2.5;
const AGENT_RSS_TARGET_MIB = 60;
/** How long the agent is left alone before and between RSS samples. */
const IDLE_SETTLE_MS = 5000;
const RSS_SAMPLES = 5;

const SERVICE_ACCOUNTS = resourceOf('v1', 'ServiceAccount');
const CONFIG_MAPS = resourceOf('v1', 'ConfigMap');
const NODES = resourceOf('v1', 'Node');

async function until<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>, agent?: AgentProcess): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (agent?.exited() === true) throw new Error(`tug agent exited while waiting for ${what}:\n${agent.logTail()}`);
    if (performance.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${agent === undefined ? '' : `; agent log:\n${agent.logTail()}`}`);
    await sleep(200);
  }
}

/** Median of a few VmRSS samples taken `IDLE_SETTLE_MS / RSS_SAMPLES` apart, MiB. */
async function idleRss(pid: number): Promise<{ rssMiB: number; peakMiB: number }> {
  const samples: number[] = [];
  let peak = 0;
  for (let index = 0; index < RSS_SAMPLES; index += 1) {
    await sleep(IDLE_SETTLE_MS / RSS_SAMPLES);
    const memory = await processMemory(pid);
    samples.push(memory.rssMiB);
    peak = memory.peakMiB;
  }
  return { rssMiB: summarize(samples).p50, peakMiB: peak };
}

async function sumRss(pids: readonly number[]): Promise<number> {
  let total = 0;
  for (const pid of pids) total += await processMemory(pid).then((memory) => memory.rssMiB, () => 0);
  return total;
}

async function loadAverage(): Promise<string> {
  return (await readFile('/proc/loadavg', 'utf8')).split(' ').slice(0, 3).join(' ');
}

export async function run(context: BenchContext): Promise<BenchOutcome> {
  const { log, resources } = context;
  const measurements: Measurement[] = [];
  const notes: string[] = [];
  const failures: string[] = [];
  if (process.getuid?.() !== 0) throw new Error('pods: needs root (it runs containerd, runc and a CNI bridge)');
  notes.push(await buildDist(log));
  const suffix = randomBytes(3).toString('hex');
  const dir = await mkdtemp(join(os.tmpdir(), 'tug-bench-pods-'));
  const removeDir = resources.add(`temp dir ${dir}`, async () => {
    await unmountUnder(dir);
    await rm(dir, { recursive: true, force: true, maxRetries: 3 });
  });
  try {
    const serverDir = join(dir, 'server');
    await mkdir(serverDir);
    log('pods: starting tug server (SQLite, --disable-agent)');
    const server = await startTug(serverDir, resources);
    try {
      const kubeconfig = join(serverDir, 'kubeconfig.yaml');
      const transport = new Http2Transport(await loadKubeconfig(kubeconfig));
      const closeTransport = resources.add('HTTP/2 client', () => transport.close());
      try {
        const client = new ApiClient({ transport, fieldManager: 'pods-bench' });
        const serverRssNoAgent = (await processMemory(server.pid)).rssMiB;
        const nodeName = `bench-${suffix}`;
        const bridgeName = `tugb${suffix}`;
        log(`pods: starting tug agent as its own process (node ${nodeName}, bridge ${bridgeName})`);
        const agent = await startAgentProcess({ kubeconfig, dataDir: join(dir, 'node'), nodeName, bridgeName, resources });
        try {
          await measure({ client, agent, serverPid: server.pid, serverRssNoAgent, dir, log, measurements, notes, failures, suffix });
        } finally {
          log('pods: stopping the agent and removing sandboxes, shims, containerd, mounts and the bridge');
          await agent.stop();
        }
        notes.push(`load average after the run: ${await loadAverage()}`);
      } finally {
        await closeTransport();
      }
      if (server.errorLines() > 0) notes.push(`tug server logged ${server.errorLines()} ERROR lines`);
    } finally {
      await server.stop();
    }
  } finally {
    await removeDir();
  }
  return { measurements, notes, failures };
}

interface MeasureOptions {
  readonly client: ApiClient;
  readonly agent: AgentProcess;
  readonly serverPid: number;
  readonly serverRssNoAgent: number;
  readonly dir: string;
  readonly log: (message: string) => void;
  readonly measurements: Measurement[];
  readonly notes: string[];
  readonly failures: string[];
  readonly suffix: string;
}

async function measure(options: MeasureOptions): Promise<void> {
  const { client, agent, serverPid, serverRssNoAgent, dir, log, measurements, notes, failures, suffix } = options;
  notes.push(`load average before the pods: ${await loadAverage()}`);
  const readyStarted = performance.now();
  const node = await until(`node ${agent.nodeName} Ready with a pod CIDR`, NODE_READY_TIMEOUT_MS, async () => {
    const found = await client.get<Node>(NODES, undefined, agent.nodeName);
    const ready = found.status?.conditions?.find((condition) => condition.type === 'Ready')?.status === 'True';
    return ready && found.spec?.podCIDR !== undefined ? found : undefined;
  }, agent);
  log(`pods: node Ready after ${Math.round(performance.now() - readyStarted)} ms, pod CIDR ${node.spec?.podCIDR ?? '?'}`);
  await until('ServiceAccount default/default', 30_000, async () => client.get(SERVICE_ACCOUNTS, BENCH_NAMESPACE, 'default'));
  await until('ConfigMap default/kube-root-ca.crt', 30_000, async () => client.get(CONFIG_MAPS, BENCH_NAMESPACE, 'kube-root-ca.crt'));

  const archive = join(dir, 'busybox.tar');
  await writeFile(archive, await busyboxImageArchive(IMAGE));
  log(`pods: ${await importImage(archive, agent.dataDir)}`);

  // Idle RSS of the agent process with no pods (containerd is its child, a separate process).
  const containerdPid = await agent.containerdPid();
  const idle = await idleRss(agent.pid);
  const containerdIdle = containerdPid === undefined ? Number.NaN : (await processMemory(containerdPid)).rssMiB;
  measurements.push({
    backend: 'tug agent',
    metric: 'agent process idle RSS, no pods (excl. containerd)',
    value: round(idle.rssMiB, 1),
    unit: 'MiB',
    count: RSS_SAMPLES,
    detail: { peakMiB: round(idle.peakMiB, 1), containerdRssMiB: round(containerdIdle, 1) },
    target: { description: `<= ${AGENT_RSS_TARGET_MIB} MiB`, met: idle.rssMiB <= AGENT_RSS_TARGET_MIB },
  });

  log(`pods: raw CRI baseline, ${POD_COUNT} sandbox+container starts, ${AGENT_POD_WORKERS} in flight`);
  const raw = await measureRawCri({
    socket: agent.containerdSocket,
    image: IMAGE,
    command: COMMAND,
    count: POD_COUNT,
    concurrency: AGENT_POD_WORKERS,
    logRoot: join(dir, 'raw-logs'),
    runId: `bench-${suffix}`,
  });
  const rawSummary = summarize(raw.latenciesMs);
  const rawService = summarize(raw.serviceMs);
  const rawSandbox = summarize(raw.sandboxMs);
  measurements.push(
    { backend: 'raw CRI', metric: 'sandbox+container start p50 (from burst start)', value: round(rawSummary.p50, 1), unit: 'ms', count: rawSummary.count },
    {
      backend: 'raw CRI',
      metric: 'sandbox+container start p99 (from burst start)',
      value: round(rawSummary.p99, 1),
      unit: 'ms',
      count: rawSummary.count,
      detail: { serviceP50Ms: round(rawService.p50, 1), serviceP99Ms: round(rawService.p99, 1), sandboxP50Ms: round(rawSandbox.p50, 1), sandboxP99Ms: round(rawSandbox.p99, 1) },
    },
    { backend: 'raw CRI', metric: `total for ${POD_COUNT} starts`, value: round(raw.totalMs, 1), unit: 'ms', count: rawSummary.count },
    { backend: 'raw CRI', metric: `one start's calls, ${AGENT_POD_WORKERS} in flight, p50`, value: round(rawService.p50, 1), unit: 'ms', count: rawService.count },
    { backend: 'raw CRI', metric: 'one start alone (nothing else in flight) p50', value: round(summarize(raw.aloneMs).p50, 1), unit: 'ms', count: raw.aloneMs.length },
  );
  await sleep(1000);

  log(`pods: creating ${POD_COUNT} pods at once, watching for Running`);
  const prefix = `startup-${suffix}`;
  const startup = await measurePodStartup({ client, image: IMAGE, command: COMMAND, count: POD_COUNT, timeoutMs: STARTUP_TIMEOUT_MS, prefix });
  if (startup.notRunning.length > 0) failures.push(`${startup.notRunning.length} of ${POD_COUNT} pods not Running after ${STARTUP_TIMEOUT_MS} ms: ${startup.notRunning.slice(0, 5).join(', ')}...`);
  if (startup.latenciesMs.length > 0) {
    const pods = summarize(startup.latenciesMs);
    const created = summarize(startup.createMs);
    const scheduled = startup.scheduledMs.length > 0 ? summarize(startup.scheduledMs) : undefined;
    const p99Ratio = pods.p99 / rawSummary.p99;
    measurements.push(
      { backend: 'tug agent', metric: 'pod create -> Running (watch) p50', value: round(pods.p50, 1), unit: 'ms', count: pods.count },
      {
        backend: 'tug agent',
        metric: 'pod create -> Running (watch) p99',
        value: round(pods.p99, 1),
        unit: 'ms',
        count: pods.count,
        detail: { p90Ms: round(pods.p90, 1), maxMs: round(pods.max, 1), createP50Ms: round(created.p50, 1), createP99Ms: round(created.p99, 1), scheduledP50Ms: round(scheduled?.p50 ?? Number.NaN, 1), scheduledP99Ms: round(scheduled?.p99 ?? Number.NaN, 1) },
        target: { description: `<= ${P99_TARGET_MS} ms`, met: pods.p99 <= P99_TARGET_MS },
      },
      { backend: 'tug agent', metric: `total for ${POD_COUNT} pods (first create -> last Running)`, value: round(startup.totalMs, 1), unit: 'ms', count: pods.count },
      {
        backend: 'tug agent',
        metric: 'p99 / raw CRI p99',
        value: round(p99Ratio, 2),
        unit: 'x',
        detail: { p50Ratio: round(pods.p50 / rawSummary.p50, 2), totalRatio: round(startup.totalMs / raw.totalMs, 2) },
        target: { description: `<= ${RATIO_TARGET}x`, met: p99Ratio <= RATIO_TARGET },
      },
    );
    if (scheduled !== undefined) notes.push(`pods scheduled (spec.nodeName seen on the watch) p50 ${round(scheduled.p50, 1)} ms, p99 ${round(scheduled.p99, 1)} ms after their create; create calls answered p50 ${round(created.p50, 1)} ms, p99 ${round(created.p99, 1)} ms`);
  }

  // The agent with 50 running pods, left alone for a few seconds.
  const busy = await idleRss(agent.pid);
  const shims = await shimPids(agent.containerdSocket);
  measurements.push({
    backend: 'tug agent',
    metric: `agent process RSS, ${POD_COUNT} pods running (excl. containerd)`,
    value: round(busy.rssMiB, 1),
    unit: 'MiB',
    count: RSS_SAMPLES,
    detail: {
      peakMiB: round(busy.peakMiB, 1),
      containerdRssMiB: containerdPid === undefined ? Number.NaN : round((await processMemory(containerdPid)).rssMiB, 1),
      shims: shims.length,
      shimsRssMiB: round(await sumRss(shims), 1),
    },
  });
  const serverRss = (await processMemory(serverPid)).rssMiB;
  notes.push(
    `tug agent ran as its own process (tug agent --kubeconfig, own bridge ${agent.bridgeName}) against tug server --disable-agent, so its RSS is measured directly; ` +
      `server RSS ${round(serverRssNoAgent, 1)} MiB before the node joined, ${round(serverRss, 1)} MiB with ${POD_COUNT} pods`,
  );
  notes.push(
    `raw CRI baseline: ${POD_COUNT} RunPodSandbox+CreateContainer+StartContainer on the agent's containerd, ${AGENT_POD_WORKERS} in flight (the agent's pod worker count), ` +
      'each timed from the burst start like the pods; its sandboxes carry no io.kubernetes.pod.uid label, so the agent never syncs or removes them; removed before the pods were created',
  );

  log('pods: deleting the pods');
  const left = await deleteBenchPods(client, Array.from({ length: POD_COUNT }, (_, index) => `${prefix}-${index}`), 60_000);
  if (left.length > 0) failures.push(`${left.length} pods still listed 60 s after their deletion`);
  const runtime = new CriRuntime(agent.containerdSocket);
  try {
    const sandboxesLeft = await until('the agent to remove the pods\' sandboxes', 60_000, async () => {
      const sandboxes = (await runtime.listPodSandboxes()).filter((sandbox) => sandbox.labels[POD_UID_LABEL] !== undefined);
      return sandboxes.length === 0 ? 0 : undefined;
    }).catch(() => -1);
    if (sandboxesLeft !== 0) notes.push('the agent had not removed every pod sandbox 60 s after the deletes; the clean-up removed them through CRI');
  } finally {
    await runtime.close();
  }
}
