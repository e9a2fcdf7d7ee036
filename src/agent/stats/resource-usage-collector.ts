import { setTimeout as sleep } from 'node:timers/promises';
import type { ContainerResourceUsage, PodResourceUsage, ResourceUsage, ResourceUsageSummary } from '../../api/resource-usage-summary.js';
import type { ContainerRuntime } from '../runtime/container-runtime.js';
import { CONTAINER_NAME_LABEL, POD_NAME_LABEL, POD_NAMESPACE_LABEL, POD_UID_LABEL } from '../server/pod-containers.js';
import type { NodeUsageReader } from './node-usage-reader.js';

/** One cumulative reading: when, CPU nanoseconds so far, and memory working set. */
interface Reading {
  readonly timestamp: number;
  readonly cpu: number;
  readonly memory: number;
}

interface ContainerReading extends Reading {
  readonly id: string;
  readonly name: string;
  readonly pod: PodResourceUsage['podRef'];
}

interface Snapshot {
  readonly node: Reading;
  readonly containers: ReadonlyMap<string, ContainerReading>;
}

/** The shortest window a rate is computed over; a shorter one waits for a second reading. */
const MIN_WINDOW_MS = 1000;
/** A previous reading older than this is not used (a fresh pair is taken instead). */
const MAX_WINDOW_MS = 60_000;

/**
 * Measures the node's and its running containers' CPU rate and memory working set.
 * CPU counters are cumulative, so a rate needs two readings: each call pairs a new
 * reading with the previous call's when that one is 1–60 s old and covers every
 * container; otherwise it takes a second reading after one second.
 */
export class ResourceUsageCollector {
  readonly #runtime: ContainerRuntime;
  readonly #node: NodeUsageReader;
  readonly #now: () => number;
  #previous: Snapshot | undefined;

  constructor(options: { runtime: ContainerRuntime; node: NodeUsageReader; now?: () => number }) {
    this.#runtime = options.runtime;
    this.#node = options.node;
    this.#now = options.now ?? Date.now;
  }

  async collect(): Promise<ResourceUsageSummary> {
    let start = this.#previous;
    let end = await this.#snapshot();
    if (start === undefined || !covers(start, end, this.#now())) {
      start = end;
      await sleep(MIN_WINDOW_MS);
      end = await this.#snapshot();
    }
    this.#previous = end;
    const pods = new Map<string, { podRef: PodResourceUsage['podRef']; containers: ContainerResourceUsage[] }>();
    for (const [id, reading] of end.containers) {
      const before = start.containers.get(id);
      if (before === undefined || reading.timestamp <= before.timestamp) continue;
      const pod = pods.get(reading.pod.uid) ?? { podRef: reading.pod, containers: [] };
      pod.containers.push({ name: reading.name, ...usageBetween(before, reading) });
      pods.set(reading.pod.uid, pod);
    }
    return { node: usageBetween(start.node, end.node), pods: [...pods.values()] };
  }

  async #snapshot(): Promise<Snapshot> {
    const [node, listed] = await Promise.all([this.#node.read(), this.#runtime.listContainers({ state: 'running' })]);
    const readings = await Promise.all(
      listed.map(async (container): Promise<ContainerReading | undefined> => {
        const labels = container.labels;
        const pod = { namespace: labels[POD_NAMESPACE_LABEL] ?? '', name: labels[POD_NAME_LABEL] ?? '', uid: labels[POD_UID_LABEL] ?? '' };
        const name = labels[CONTAINER_NAME_LABEL] ?? '';
        if (pod.name === '' || pod.uid === '' || name === '') return undefined;
        const stats = await this.#runtime.containerStats(container.id).catch(() => undefined);
        if (stats?.cpuUsageCoreNanoSeconds === undefined || stats.memoryWorkingSetBytes === undefined) return undefined;
        return { id: container.id, name, pod, timestamp: stats.timestamp, cpu: stats.cpuUsageCoreNanoSeconds, memory: stats.memoryWorkingSetBytes };
      }),
    );
    const containers = new Map<string, ContainerReading>();
    for (const reading of readings) if (reading !== undefined) containers.set(reading.id, reading);
    return { node: { timestamp: node.timestamp, cpu: node.cpuUsageCoreNanoSeconds, memory: node.memoryWorkingSetBytes }, containers };
  }
}

/** Whether `start` can open the window that `end` closes, for the node and every container. */
function covers(start: Snapshot, end: Snapshot, now: number): boolean {
  const age = now - start.node.timestamp;
  if (age < MIN_WINDOW_MS || age > MAX_WINDOW_MS) return false;
  return [...end.containers.keys()].every((id) => start.containers.has(id));
}

function usageBetween(start: Reading, end: Reading): ResourceUsage {
  const windowMs = Math.max(1, end.timestamp - start.timestamp);
  const usageNanoCores = Math.max(0, Math.round(((end.cpu - start.cpu) * 1000) / windowMs));
  return {
    timestamp: new Date(end.timestamp).toISOString(),
    windowSeconds: windowMs / 1000,
    cpu: { usageNanoCores },
    memory: { workingSetBytes: end.memory },
  };
}
