import { type WorkerRun, runWorkers } from './workers.js';

/** One timed workload: `total` operations by `writers` concurrent writers. */
export interface Phase {
  readonly name: string;
  readonly writers: number;
  readonly total: number;
  /** Operation number `index` (0 <= index < total), run by writer `worker`. */
  readonly op: (index: number, worker: number) => Promise<void>;
}

export interface InterleaveOptions {
  /** A counter in ms read around every slice (e.g. another process's CPU time). */
  readonly meter?: () => Promise<number>;
}

/** A phase's totals; `meteredMs` sums the meter's growth over its slices (0 without one). */
export interface InterleavedRun extends WorkerRun {
  readonly meteredMs: number;
}

/**
 * Runs the phases interleaved: `rounds` rounds, each running the next slice of every
 * phase in the order given. Phases compared with each other (a backend and the raw
 * client it wraps) thus run under the same conditions even if the machine's speed
 * drifts during the run. A phase may depend on an earlier phase's slice of the same
 * round (updates of the keys just created). Returns each phase's totals by name.
 */
export async function runInterleaved(
  phases: readonly Phase[],
  rounds: number,
  options: InterleaveOptions = {},
): Promise<Map<string, InterleavedRun>> {
  const totals = new Map<string, InterleavedRun>();
  for (let round = 0; round < rounds; round++) {
    for (const phase of phases) {
      const start = Math.floor((phase.total * round) / rounds);
      const end = Math.floor((phase.total * (round + 1)) / rounds);
      const meterBefore = (await options.meter?.()) ?? 0;
      const slice = await runWorkers(phase.writers, end - start, (i, worker) => phase.op(start + i, worker));
      const metered = ((await options.meter?.()) ?? 0) - meterBefore;
      const sum = totals.get(phase.name);
      totals.set(phase.name, {
        ops: (sum?.ops ?? 0) + slice.ops,
        errors: (sum?.errors ?? 0) + slice.errors,
        elapsedMs: (sum?.elapsedMs ?? 0) + slice.elapsedMs,
        cpuMs: (sum?.cpuMs ?? 0) + slice.cpuMs,
        meteredMs: (sum?.meteredMs ?? 0) + metered,
        firstError: sum?.firstError ?? slice.firstError,
      });
    }
  }
  return totals;
}
