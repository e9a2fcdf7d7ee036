/** How much work one backend gets; slow backends may get less (the counts are reported). */
export interface WorkloadSizes {
  /** Untimed writes first, so JIT compilation and connection setup do not count. */
  readonly warmup: number;
  /** Writes for the one-writer runs (creates, then one CAS update of each key). */
  readonly sequential: number;
  /** Writes for each of the concurrent runs (creates; CAS updates). */
  readonly concurrent: number;
  /** How many writers the concurrent runs use. */
  readonly writers: number;
  /** Events timed in each watch-latency run. */
  readonly watchSamples: number;
  /** The write phases run interleaved in this many slices (see runInterleaved). */
  readonly rounds: number;
}

export const DEFAULT_SIZES: WorkloadSizes = {
  warmup: 200,
  sequential: 2000,
  concurrent: 10_000,
  writers: 50,
  watchSamples: 2000,
  rounds: 5,
};

/** The in-memory store is fast enough that small runs finish within the timer's noise. */
export const MEMORY_SIZES: WorkloadSizes = { ...DEFAULT_SIZES, warmup: 2000, sequential: 20_000, concurrent: 50_000 };

/** Values are about the size of a small Kubernetes object (a ConfigMap, a Pod is larger). */
export const VALUE_BYTES = 512;

/** A value of VALUE_BYTES bytes of JSON-looking text. */
export function benchValue(): Uint8Array {
  const filler = 'x'.repeat(VALUE_BYTES);
  const json = JSON.stringify({ kind: 'BenchObject', data: filler });
  return new TextEncoder().encode(json.slice(0, VALUE_BYTES));
}

/** A unique prefix for this run, so runs never collide with each other's keys. */
export function runPrefix(): string {
  const random = Math.floor(Math.random() * 36 ** 6)
    .toString(36)
    .padStart(6, '0');
  return `/tug-bench/${Date.now().toString(36)}-${random}/`;
}

/** Zero-padded, so keys sort in the order they were written. */
export function indexed(prefix: string, index: number): string {
  return `${prefix}${String(index).padStart(6, '0')}`;
}

/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
