import { performance } from 'node:perf_hooks';
import type { Pod } from '../../src/api/kinds.js';
import { type ApiClient, resourceOf } from '../../src/client/api-client.js';
import { isNotFound } from '../../src/client/api-status-error.js';
import { sleep } from '../storage/workload.js';

export const PODS = resourceOf('v1', 'Pod');
export const BENCH_NAMESPACE = 'default';
export const BENCH_LABEL = 'tugboat.dev/bench';
const BENCH_LABEL_VALUE = 'pod-startup';

export interface PodStartupResult {
  /** Per pod, create request sent -> phase Running seen on the watch, ms. */
  readonly latenciesMs: readonly number[];
  /** First create sent -> last pod Running seen, ms. */
  readonly totalMs: number;
  /** Per pod, create request sent -> create answered, ms. */
  readonly createMs: readonly number[];
  /** Per pod, create sent -> spec.nodeName seen on the watch (scheduled), ms. */
  readonly scheduledMs: readonly number[];
  readonly notRunning: readonly string[];
}

function benchPod(name: string, image: string, command: readonly string[]): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: BENCH_NAMESPACE, labels: { [BENCH_LABEL]: BENCH_LABEL_VALUE } },
    spec: {
      terminationGracePeriodSeconds: 0,
      containers: [{ name: 'main', image, imagePullPolicy: 'Never', command: [...command] }],
    },
  };
}

/**
 * Creates `count` pods at once and measures each one's startup latency as the
 * Kubernetes pod startup SLO defines it (image already present): from creation to
 * the pod reported Running, observed through a watch opened before the creates.
 */
export async function measurePodStartup(options: {
  readonly client: ApiClient;
  readonly image: string;
  readonly command: readonly string[];
  readonly count: number;
  readonly timeoutMs: number;
  readonly prefix: string;
}): Promise<PodStartupResult> {
  const { client, image, command, count, timeoutMs, prefix } = options;
  const names = Array.from({ length: count }, (_, index) => `${prefix}-${index}`);
  const sentAt = new Map<string, number>();
  const runningAt = new Map<string, number>();
  const scheduledAt = new Map<string, number>();
  const createMs: number[] = [];
  const { resourceVersion } = await client.list<Pod>(PODS, { namespace: BENCH_NAMESPACE, limit: 1 });
  const watch = await client.watch<Pod>(PODS, { namespace: BENCH_NAMESPACE, labelSelector: `${BENCH_LABEL}=${BENCH_LABEL_VALUE}`, resourceVersion });
  let allRunning: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (allRunning = resolve));
  const consume = (async () => {
    for await (const event of watch) {
      const now = performance.now();
      const name = event.object.metadata.name ?? '';
      if (event.type !== 'ADDED' && event.type !== 'MODIFIED') continue;
      if (event.object.spec?.nodeName !== undefined && !scheduledAt.has(name)) scheduledAt.set(name, now);
      if (event.object.status?.phase === 'Running' && !runningAt.has(name)) {
        runningAt.set(name, now);
        if (runningAt.size === count) allRunning();
      }
    }
  })();
  const began = performance.now();
  try {
    await Promise.all(
      names.map(async (name) => {
        const sent = performance.now();
        sentAt.set(name, sent);
        await client.create(PODS, benchPod(name, image, command));
        createMs.push(performance.now() - sent);
      }),
    );
    await Promise.race([done, sleep(timeoutMs)]);
  } finally {
    watch.stop();
    await consume.catch(() => undefined);
  }
  const latenciesMs: number[] = [];
  const scheduledMs: number[] = [];
  const notRunning: string[] = [];
  let last = began;
  for (const name of names) {
    const sent = sentAt.get(name) ?? began;
    const running = runningAt.get(name);
    const scheduled = scheduledAt.get(name);
    if (scheduled !== undefined) scheduledMs.push(scheduled - sent);
    if (running === undefined) {
      notRunning.push(name);
      continue;
    }
    latenciesMs.push(running - sent);
    last = Math.max(last, running);
  }
  return { latenciesMs, totalMs: last - began, createMs, scheduledMs, notRunning };
}

/** Deletes the bench pods and waits (up to `timeoutMs`) until the agent has removed them. */
export async function deleteBenchPods(client: ApiClient, names: readonly string[], timeoutMs: number): Promise<string[]> {
  await Promise.all(
    names.map(async (name) => {
      try {
        await client.delete(PODS, BENCH_NAMESPACE, name, { gracePeriodSeconds: 0 });
      } catch (error) {
        if (!isNotFound(error)) throw error;
      }
    }),
  );
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const left = (await client.list<Pod>(PODS, { namespace: BENCH_NAMESPACE, labelSelector: `${BENCH_LABEL}=${BENCH_LABEL_VALUE}` })).items.map((pod) => pod.metadata.name ?? '');
    if (left.length === 0 || performance.now() > deadline) return left;
    await sleep(250);
  }
}
