import { performance } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import type { Storage } from '../../src/storage/interface.js';
import { type LatencySummary, summarize } from '../lib/stats.js';
import { runWorkers } from '../lib/workers.js';
import { indexed, sleep } from './workload.js';

export interface WatchLatencyRun {
  /** From just before the write call to the watch handing over the event. */
  readonly summary: LatencySummary;
  /** From just before the write call to the write being acknowledged, for comparison. */
  readonly writes: LatencySummary;
  /** Writes that were rejected (their events are not expected). */
  readonly errors: number;
  readonly firstError: string | undefined;
}

/** How long to wait for events still in flight once the writers are done. */
const DELIVERY_TIMEOUT_MS = 30_000;
const POLL_MS = 2;

/**
 * Opens one prefix watch on `prefix`, then creates `samples` keys under it with
 * `writers` concurrent writers. Each event's latency runs from just before its write
 * was called to the moment the watch handed the event to its consumer.
 */
export async function measureWatchLatency(
  storage: Storage,
  prefix: string,
  samples: number,
  writers: number,
  value: Uint8Array,
): Promise<WatchLatencyRun> {
  const sent = new Map<string, number>();
  const latencies: number[] = [];
  const writeLatencies: number[] = [];
  const warmupKey = `${prefix}warmup`;
  // Set by the consumer below; `as boolean` stops TS narrowing them to `false`.
  let warm = false as boolean;
  let ended = false as boolean;
  let failure: unknown;

  // sinceRevision closes the gap between opening the watch and a remote backend
  // having registered it; the warm-up event keeps that setup out of the samples.
  const stream = storage.watch(prefix, { prefix: true, sinceRevision: await storage.currentRevision() });
  const consumer = (async () => {
    try {
      for await (const event of stream) {
        const received = performance.now();
        if (event.type !== 'created') continue;
        if (event.kv.key === warmupKey) warm = true;
        const start = sent.get(event.kv.key);
        if (start !== undefined) latencies.push(received - start);
      }
    } catch (error) {
      failure = error;
    } finally {
      ended = true;
    }
  })();

  const waitFor = async (done: () => boolean, what: string): Promise<void> => {
    const deadline = performance.now() + DELIVERY_TIMEOUT_MS;
    while (!done()) {
      if (failure !== undefined) throw new Error(`watch failed while waiting for ${what}`, { cause: failure });
      if (ended) throw new Error(`watch ended while waiting for ${what}`);
      if (performance.now() > deadline) throw new Error(`timed out after ${DELIVERY_TIMEOUT_MS} ms waiting for ${what}`);
      await sleep(POLL_MS);
    }
  };

  let result: WatchLatencyRun;
  try {
    await storage.create(warmupKey, value);
    await waitFor(() => warm, 'the warm-up event');
    const run = await runWorkers(writers, samples, async (index) => {
      const key = indexed(prefix, index);
      const start = performance.now();
      sent.set(key, start);
      await storage.create(key, value);
      writeLatencies.push(performance.now() - start);
    });
    const expected = samples - run.errors;
    await waitFor(() => latencies.length >= expected, `${expected} events (got ${latencies.length})`);
    if (latencies.length === 0) throw new Error('no write succeeded, so no latency was measured');
    result = {
      summary: summarize(latencies),
      writes: summarize(writeLatencies),
      errors: run.errors,
      firstError: run.firstError,
    };
  } finally {
    stream.close();
    // Closing must end the iteration; do not hang the benchmark if a backend's does not.
    await Promise.race([consumer, delay(5000, undefined, { ref: false })]);
  }
  if (!ended) throw new Error('the watch iteration did not end within 5 s of close()');
  return result;
}
