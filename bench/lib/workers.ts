import { performance } from 'node:perf_hooks';

export interface WorkerRun {
  /** Operations attempted. */
  readonly ops: number;
  /** Operations that threw. */
  readonly errors: number;
  readonly elapsedMs: number;
  /** CPU time this process used meanwhile (user + system), in ms. */
  readonly cpuMs: number;
  /** The message of the first operation that threw, if any did. */
  readonly firstError: string | undefined;
}

/**
 * Runs `total` operations with `concurrency` workers, each awaiting its own
 * operations one at a time and taking the next index when done. An operation that
 * throws is counted as an error; the run goes on.
 */
export async function runWorkers(
  concurrency: number,
  total: number,
  op: (index: number, worker: number) => Promise<void>,
): Promise<WorkerRun> {
  let next = 0;
  let errors = 0;
  let firstError: string | undefined;
  const worker = async (id: number): Promise<void> => {
    for (let index = next++; index < total; index = next++) {
      try {
        await op(index, id);
      } catch (error) {
        errors++;
        firstError ??= error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      }
    }
  };
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  await Promise.all(Array.from({ length: Math.min(concurrency, total) }, (_, id) => worker(id)));
  const elapsedMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  return { ops: total, errors, elapsedMs, cpuMs: (cpu.user + cpu.system) / 1000, firstError };
}
