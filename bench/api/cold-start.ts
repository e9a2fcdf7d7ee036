import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { percentile } from '../lib/stats.js';
import type { BenchContext, Measurement } from '../lib/types.js';
import { round } from '../storage/suite.js';
import type { Section } from './section.js';
import { COLD_START_MAX_MS, atMost } from './targets.js';
import { startTug } from './tug-process.js';
import { API_SIZES } from './workload.js';

export interface StartTimes {
  readonly ready: number[];
  readonly listening: number[];
}

/** Starts a server on `dataDir`, records its start times and stops it again. */
export async function timeStart(context: BenchContext, dataDir: string, into: StartTimes): Promise<void> {
  const server = await startTug(dataDir, context.resources);
  try {
    into.ready.push(server.readyMs);
    into.listening.push(server.listeningMs);
  } finally {
    await server.stop();
  }
}

/** The median start time as a row, with the listening-line time and the range in the detail. */
export function startRow(metric: string, times: StartTimes, withTarget: boolean): Measurement {
  const sorted = [...times.ready].sort((a, b) => a - b);
  const median = percentile(sorted, 50);
  return {
    backend: 'cold start',
    metric,
    value: round(median, 1),
    unit: 'ms',
    count: sorted.length,
    detail: {
      min: round(sorted[0] ?? Number.NaN, 1),
      max: round(sorted[sorted.length - 1] ?? Number.NaN, 1),
      listeningLineMedian: round(percentile([...times.listening].sort((a, b) => a - b), 50), 1),
    },
    ...(withTarget ? { target: atMost(median, COLD_START_MAX_MS, 'ms') } : {}),
  };
}

/**
 * Spawn to `/readyz` ok: a first start on a new data dir (creates the CA, certs,
 * kubeconfig and datastore), then a restart on the same dir, `coldStarts` times.
 */
export async function benchColdStart(context: BenchContext): Promise<Section> {
  const first: StartTimes = { ready: [], listening: [] };
  const restart: StartTimes = { ready: [], listening: [] };
  for (let run = 0; run < API_SIZES.coldStarts; run++) {
    const dir = await mkdtemp(join(os.tmpdir(), 'tug-bench-start-'));
    const remove = context.resources.add(`temp dir ${dir}`, () => rm(dir, { recursive: true, force: true, maxRetries: 3 }));
    try {
      await timeStart(context, dir, first);
      await timeStart(context, dir, restart);
    } finally {
      await remove();
    }
    context.log(`api: cold start ${run + 1}: first ${first.ready.at(-1)?.toFixed(0) ?? '?'} ms, restart ${restart.ready.at(-1)?.toFixed(0) ?? '?'} ms`);
  }
  return {
    measurements: [
      startRow(`first start, new data dir (median of ${first.ready.length})`, first, true),
      startRow(`restart, existing data dir (median of ${restart.ready.length})`, restart, true),
    ],
    notes: [],
  };
}
