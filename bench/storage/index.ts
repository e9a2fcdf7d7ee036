import type { BenchContext, BenchOutcome, Measurement } from '../lib/types.js';
import { selectBackends } from './backends.js';
import { VALUE_BYTES, runPrefix } from './workload.js';

/**
 * The storage benchmark: write rates and watch latency of each backend (and, for
 * etcd, the raw etcd3 client as a yardstick). A backend that fails is reported as a
 * failure and the others still run.
 */
export async function run(context: BenchContext): Promise<BenchOutcome> {
  const backends = selectBackends(context.backends);
  const prefix = runPrefix();
  const measurements: Measurement[] = [];
  const notes = [
    `keys under ${prefix}, values of ${VALUE_BYTES} bytes`,
    'watch latency runs from just before the write call, so it includes the write itself ' +
      '(write-acknowledged p50/p99 are in the JSON detail as writeAckP50/writeAckP99)',
  ];
  const failures: string[] = [];
  for (const backend of backends) {
    context.log(`storage: ${backend.name}`);
    try {
      const result = await backend.run(context, `${prefix}${backend.name}/`);
      measurements.push(...result.measurements);
      notes.push(...result.notes);
    } catch (error) {
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      failures.push(`${backend.name}: ${message}`);
      context.log(`storage: ${backend.name} failed: ${message}`);
    }
  }
  return { measurements, notes, failures };
}
