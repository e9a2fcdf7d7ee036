import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Deployment, ReplicaSet } from '../../src/api/kinds.js';
import { ApiClient, resourceOf } from '../../src/client/api-client.js';
import { Http2Transport } from '../../src/client/http2-transport.js';
import { loadKubeconfig } from '../../src/client/kubeconfig.js';
import { buildDist } from '../api/build.js';
import { processCpuMs, processMemory, startTug } from '../api/tug-process.js';
import type { BenchContext, BenchOutcome, Measurement } from '../lib/types.js';
import { round } from '../storage/suite.js';
import { RolloutTracker, type RolloutView } from './rollout-tracker.js';
import { PodAvailability } from './pod-availability.js';
import { isComplete, type Milestone, MilestoneRecorder, type ProgressExtremes, trackExtremes } from './rollout-progress.js';
import { type MetricSamples, reconcileGrowth, requestGrowth, scrapeMetrics } from './server-metrics.js';
import { startSim } from './sim-process.js';
import { benchDeployment, DEPLOYMENT, IMAGES, NAMESPACE, nodeCount, PODS_PER_NODE, replicaCount, WARMUP_DEPLOYMENT } from './workload.js';

const DEPLOYMENTS = resourceOf('apps/v1', 'Deployment');
const NAMESPACES = resourceOf('v1', 'Namespace');
const GROUP = 'rollout';
const WARMUP_TIMEOUT_MS = 120_000;
/** How long each measured phase may take before the run gives up on it. */
const PHASE_TIMEOUT_MS = 15 * 60_000;

/** CPU time of the processes involved, in ms, and the time it was read. */
interface Meter {
  readonly at: number;
  readonly serverCpuMs: number;
  readonly simCpuMs: number;
  readonly benchCpuMs: number;
  readonly metrics: MetricSamples;
  readonly watchEvents: number;
}

/**
 * A 1000-replica Deployment created and then rolled to a new image, end to end:
 * `tug server` (SQLite, controllers and scheduler in its process) and `tug sim`
 * (simulated nodes that run bound pods at once) as child processes; the benchmark
 * creates the Deployment, patches its image, and reads progress from a watch.
 */
export async function run(context: BenchContext): Promise<BenchOutcome> {
  const { log, resources } = context;
  const replicas = replicaCount();
  const nodes = nodeCount();
  const measurements: Measurement[] = [];
  const notes: string[] = [await buildDist(log), `machine load before the run (/proc/loadavg 1/5/15 min): ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`];
  const failures: string[] = [];
  const dir = await mkdtemp(join(os.tmpdir(), 'tug-bench-rollout-'));
  const removeDir = resources.add(`temp dir ${dir}`, () => rm(dir, { recursive: true, force: true, maxRetries: 3 }));
  try {
    log('rollout: starting tug server (controllers and scheduler on)');
    const server = await startTug(join(dir, 'server'), resources);
    const kubeconfig = join(server.dataDir, 'kubeconfig.yaml');
    try {
      log(`rollout: starting tug sim with ${nodes} nodes`);
      const sim = await startSim({ kubeconfig, nodes, podsPerNode: PODS_PER_NODE, namePrefix: 'rollout' }, resources);
      notes.push(
        `server: tug server (pid ${server.pid}) with SQLite in a temp dir; its controllers and scheduler run in its process (leader-elected) ` +
          'and reach the API over their own loopback HTTP/2 connection',
        `nodes: tug sim (pid ${sim.pid}) with ${nodes} simulated nodes (4 CPU, 8Gi, ${PODS_PER_NODE} pods each), registered in ${round(sim.startMs, 0)} ms`,
        `workload: Deployment of ${replicas} replicas (10m CPU, 16Mi), RollingUpdate with the defaults maxSurge 25% and maxUnavailable 25%, ` +
          `no minReadySeconds; created with one POST, then its image changed (${IMAGES[0]} -> ${IMAGES[1]}) with one JSON patch; ` +
          'progress read from a watch of Deployments and ReplicaSets (an Informer) in the bench process',
      );
      try {
        const transport = new Http2Transport(await loadKubeconfig(kubeconfig));
        const closeTransport = resources.add('HTTP/2 client', () => transport.close());
        try {
          const client = new ApiClient({ transport, fieldManager: 'rollout-bench' });
          await measure({ client, transport, serverPid: server.pid, simPid: sim.pid, replicas, log, measurements, notes, failures });
        } finally {
          await closeTransport();
        }
        const serverMemory = await processMemory(server.pid);
        const simMemory = await processMemory(sim.pid);
        measurements.push(
          { backend: GROUP, metric: 'server RSS after the run', value: round(serverMemory.rssMiB, 1), unit: 'MiB' },
          { backend: GROUP, metric: 'server peak RSS (VmHWM)', value: round(serverMemory.peakMiB, 1), unit: 'MiB' },
          { backend: GROUP, metric: 'sim peak RSS (VmHWM)', value: round(simMemory.peakMiB, 1), unit: 'MiB' },
        );
        if (server.errorLines() > 0) notes.push(`the server logged ${server.errorLines()} ERROR lines; its last output:\n${server.logTail()}`);
        if (sim.errorLines() > 0) notes.push(`tug sim logged ${sim.errorLines()} ERROR lines; its last output:\n${sim.logTail()}`);
      } finally {
        await sim.stop();
      }
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
  readonly transport: Http2Transport;
  readonly serverPid: number;
  readonly simPid: number;
  readonly replicas: number;
  readonly log: (message: string) => void;
  readonly measurements: Measurement[];
  readonly notes: string[];
  readonly failures: string[];
}

async function measure(options: MeasureOptions): Promise<void> {
  const { client, transport, serverPid, simPid, replicas, log, measurements, notes, failures } = options;
  const tracker = new RolloutTracker(client, NAMESPACE, DEPLOYMENT, log);
  const warmup = new RolloutTracker(client, NAMESPACE, WARMUP_DEPLOYMENT, log);
  const pods = new PodAvailability(client, NAMESPACE, `app=${DEPLOYMENT}`, log);
  try {
    await client.create(NAMESPACES, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NAMESPACE } });
    await Promise.all([tracker.start(), warmup.start(), pods.start()]);

    // Leader election, the controllers' and scheduler's informer sync, the default
    // ServiceAccount: a one-replica Deployment first, so none of it is timed below.
    log('rollout: warm-up Deployment of 1 replica');
    const warmupStarted = performance.now();
    await client.create(DEPLOYMENTS, benchDeployment(WARMUP_DEPLOYMENT, 1, IMAGES[0]));
    if (!(await warmup.waitUntil((view) => isComplete(view, 1, 1, IMAGES[0]), WARMUP_TIMEOUT_MS))) {
      throw new Error(`the warm-up Deployment was not available within ${WARMUP_TIMEOUT_MS} ms: ${JSON.stringify(warmup.view().deployment?.status)}`);
    }
    measurements.push({ backend: GROUP, metric: 'warm-up: 1-replica Deployment available (leader election, informer sync)', value: performance.now() - warmupStarted, unit: 'ms' });

    const meter = async (): Promise<Meter> => {
      const own = process.cpuUsage();
      return {
        at: performance.now(),
        serverCpuMs: await processCpuMs(serverPid),
        simCpuMs: await processCpuMs(simPid),
        benchCpuMs: (own.user + own.system) / 1000,
        metrics: await scrapeMetrics(transport),
        watchEvents: tracker.changes,
      };
    };

    // Phase 1: create the Deployment and wait until every replica is available.
    log(`rollout: creating a Deployment of ${replicas} replicas`);
    const createMilestones = new MilestoneRecorder([
      { name: 'all pods created (status.replicas)', reached: (view) => (view.deployment?.status?.replicas ?? 0) >= replicas },
      { name: 'all pods ready (status.readyReplicas)', reached: (view) => (view.deployment?.status?.readyReplicas ?? 0) >= replicas },
    ]);
    const beforeCreate = await meter();
    const stopCreateMilestones = tracker.observe((view) => { createMilestones.check(view, beforeCreate.at); });
    await client.create(DEPLOYMENTS, benchDeployment(DEPLOYMENT, replicas, IMAGES[0]));
    const created = await tracker.waitUntil((view) => isComplete(view, 1, replicas, IMAGES[0]), PHASE_TIMEOUT_MS);
    const afterCreate = await meter();
    stopCreateMilestones();
    if (!created) failures.push(`create: not all ${replicas} replicas available within ${PHASE_TIMEOUT_MS} ms: ${JSON.stringify(tracker.view().deployment?.status)}`);
    report({ phase: 'create', label: `create ${replicas} replicas -> all available`, replicas, before: beforeCreate, after: afterCreate, milestones: createMilestones.reached(), measurements, notes });

    // Phase 2: change the image and wait until the rollout is complete.
    log(`rollout: rolling ${replicas} replicas to ${IMAGES[1]}`);
    // A spec change bumps the generation by one. (The controller's revision annotation
    // bumps it once more, so observedGeneration alone does not say the counts are new.)
    const generation = (tracker.view().deployment?.metadata.generation ?? 1) + 1;
    const updateMilestones = new MilestoneRecorder([
      { name: 'new ReplicaSet created', reached: (view) => newSet(view) !== undefined },
      { name: 'new ReplicaSet has all its pods (status.replicas)', reached: (view) => (newSet(view)?.status?.replicas ?? 0) >= replicas },
      { name: 'old ReplicaSet has no pods left (status.replicas)', reached: (view) => oldPods(view) === 0 },
    ]);
    const extremes = trackExtremes();
    const beforeUpdate = await meter();
    pods.track();
    const stopUpdateObservers = tracker.observe((view) => {
      updateMilestones.check(view, beforeUpdate.at);
      extremes.observe(view);
    });
    const patched = await client.patch<Deployment>(
      DEPLOYMENTS,
      NAMESPACE,
      DEPLOYMENT,
      'json',
      [{ op: 'replace', path: '/spec/template/spec/containers/0/image', value: IMAGES[1] }],
    );
    if (patched.metadata.generation !== generation) throw new Error(`the image change made generation ${patched.metadata.generation ?? '?'}, not ${generation}`);
    const updated = await tracker.waitUntil((view) => isComplete(view, generation, replicas, IMAGES[1]), PHASE_TIMEOUT_MS);
    const afterUpdate = await meter();
    stopUpdateObservers();
    const podExtremes = pods.untrack();
    if (!updated) failures.push(`rolling update: not complete within ${PHASE_TIMEOUT_MS} ms: ${JSON.stringify(tracker.view().deployment?.status)}`);
    report({ phase: 'rolling update', label: `rolling update of ${replicas} replicas, end to end`, replicas, before: beforeUpdate, after: afterUpdate, milestones: updateMilestones.reached(), measurements, notes });
    pushExtremes({ ...podExtremes, status: extremes.result() }, replicas, measurements);
  } finally {
    await Promise.all([tracker.stop(), warmup.stop(), pods.stop()]);
  }
}

interface PhaseReport {
  readonly phase: string;
  readonly label: string;
  readonly replicas: number;
  readonly before: Meter;
  readonly after: Meter;
  readonly milestones: readonly Milestone[];
  readonly measurements: Measurement[];
  readonly notes: string[];
}

function report(phase: PhaseReport): void {
  const { before, after, measurements, notes } = phase;
  const elapsedMs = after.at - before.at;
  const serverCpuMs = after.serverCpuMs - before.serverCpuMs;
  const simCpuMs = after.simCpuMs - before.simCpuMs;
  const benchCpuMs = after.benchCpuMs - before.benchCpuMs;
  measurements.push(
    {
      backend: GROUP,
      metric: phase.label,
      value: elapsedMs,
      unit: 'ms',
      count: phase.replicas,
      detail: { seconds: round(elapsedMs / 1000, 2), podsPerSecond: round((phase.replicas * 1000) / elapsedMs, 1), watchEvents: after.watchEvents - before.watchEvents },
    },
    ...phase.milestones.map((milestone) => ({ backend: GROUP, metric: `${phase.phase}: ${milestone.name}`, value: milestone.atMs, unit: 'ms' as const })),
    {
      backend: GROUP,
      metric: `${phase.phase}: server CPU time`,
      value: serverCpuMs,
      unit: 'ms',
      detail: { shareOfOneCore: round(serverCpuMs / elapsedMs, 2), cpuUsPerReplica: round((serverCpuMs * 1000) / phase.replicas, 0) },
    },
    { backend: GROUP, metric: `${phase.phase}: sim CPU time`, value: simCpuMs, unit: 'ms', detail: { shareOfOneCore: round(simCpuMs / elapsedMs, 2) } },
    { backend: GROUP, metric: `${phase.phase}: bench process CPU time (watch)`, value: benchCpuMs, unit: 'ms' },
  );
  const reconciles = reconcileGrowth(before.metrics, after.metrics);
  notes.push(
    `${phase.phase}: reconciles (count by outcome; wall time in reconcile, API calls included): ` +
      (reconciles.length === 0
        ? 'none'
        : reconciles
            .map((r) => `${r.controller} ${r.total} (${Object.entries(r.outcomes).map(([outcome, n]) => `${outcome} ${n}`).join(', ')}; ${r.seconds.toFixed(1)} s)`)
            .join('; ')),
  );
  const requests = requestGrowth(before.metrics, after.metrics).filter((r) => r.count >= 10);
  notes.push(
    `${phase.phase}: API requests (count; summed server latency; failures), 10 or more: ` +
      requests.map((r) => `${r.request} ${r.count} (${r.seconds.toFixed(1)} s${r.failed > 0 ? `; ${r.failed} failed` : ''})`).join('; '),
  );
}

function newSet(view: RolloutView): ReplicaSet | undefined {
  return view.replicaSets.find((rs) => rs.spec?.template?.spec?.containers[0]?.image === IMAGES[1]);
}

function oldPods(view: RolloutView): number {
  return view.replicaSets.filter((rs) => rs !== newSet(view)).reduce((sum, rs) => sum + (rs.status?.replicas ?? 0), 0);
}

interface Extremes {
  /** From the pod watch: the most live (not terminating) pods and the fewest Ready ones. */
  readonly maxLive: number;
  readonly minReady: number;
  /** From the Deployment's and ReplicaSets' status counts, which lag the pods. */
  readonly status: ProgressExtremes;
}

function pushExtremes(extremes: Extremes, replicas: number, measurements: Measurement[]): void {
  const surge = Math.ceil(replicas * 0.25);
  const unavailable = Math.floor(replicas * 0.25);
  measurements.push(
    {
      backend: GROUP,
      metric: 'rolling update: most live pods at once (pod watch)',
      value: extremes.maxLive,
      unit: 'count',
      detail: { statusMaxPods: extremes.status.maxPods },
      target: { description: `<= ${replicas + surge} (maxSurge 25%)`, met: extremes.maxLive <= replicas + surge },
    },
    {
      backend: GROUP,
      metric: 'rolling update: fewest Ready live pods (pod watch)',
      value: extremes.minReady,
      unit: 'count',
      detail: { statusMinAvailable: extremes.status.minAvailable },
      target: { description: `>= ${replicas - unavailable} (maxUnavailable 25%)`, met: extremes.minReady >= replicas - unavailable },
    },
    { backend: GROUP, metric: 'rolling update: fewest available in Deployment status (lags the pods)', value: extremes.status.minAvailable, unit: 'count' },
  );
}
