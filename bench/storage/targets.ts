import type { WorkerRun } from '../lib/workers.js';
import type { Target } from '../lib/types.js';

/** SQLite must take at least this many writes per second from 50 concurrent writers. */
export const SQLITE_CONCURRENT_MIN = 3000;
/** Watch events must reach the watcher within this many ms at the 99th percentile. */
export const WATCH_P99_MAX_MS = 10;
/** The etcd backend must reach this fraction of the raw etcd3 client's rate. */
export const ETCD_RAW_RATIO_MIN = 0.8;

const SQLITE_BACKENDS = new Set(['sqlite-full', 'sqlite-normal']);

/**
 * The target of a write-rate row, or undefined if it has none. Concurrent runs must
 * have zero rejected writes everywhere (and a minimum rate on SQLite); a sequential
 * run is only flagged if something was rejected.
 */
export function writeTarget(backend: string, concurrent: boolean, run: WorkerRun, rate: number): Target | undefined {
  if (concurrent && SQLITE_BACKENDS.has(backend)) {
    return {
      description: `>= ${SQLITE_CONCURRENT_MIN} writes/s, 0 errors`,
      met: rate >= SQLITE_CONCURRENT_MIN && run.errors === 0,
    };
  }
  if (concurrent || run.errors > 0) return { description: '0 errors', met: run.errors === 0 };
  return undefined;
}

export function watchP99Target(p99Ms: number, errors: number): Target {
  const description = `<= ${WATCH_P99_MAX_MS} ms${errors > 0 ? ', 0 errors' : ''}`;
  return { description, met: p99Ms <= WATCH_P99_MAX_MS && errors === 0 };
}

export function rawRatioTarget(ratio: number): Target {
  return { description: `>= ${ETCD_RAW_RATIO_MIN.toFixed(2)}x raw`, met: ratio >= ETCD_RAW_RATIO_MIN };
}
