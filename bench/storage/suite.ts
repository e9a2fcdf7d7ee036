import type { Storage } from '../../src/storage/interface.js';
import { perSecond } from '../lib/stats.js';
import type { Measurement } from '../lib/types.js';
import { type Phase, runInterleaved } from '../lib/phases.js';
import { type WorkerRun, runWorkers } from '../lib/workers.js';
import { watchP99Target, writeTarget } from './targets.js';
import { measureWatchLatency } from './watch-latency.js';
import { type WorkloadSizes, benchValue, indexed } from './workload.js';

export interface SuiteResult {
  readonly measurements: Measurement[];
  readonly notes: string[];
  /** Every write phase's totals by name, the companions' too. */
  readonly runs: ReadonlyMap<string, WorkerRun>;
}

export const METRICS = {
  seqCreate: 'create, 1 writer',
  seqUpdate: 'update (CAS), 1 writer',
  concCreate: (writers: number) => `create, ${writers} writers`,
  concUpdate: (writers: number) => `update (CAS), ${writers} writers`,
} as const;

/** One write-rate row: successful writes per second, with the rejected ones counted. */
export function writeRow(backend: string, metric: string, run: WorkerRun, writers: number): Measurement {
  const rate = perSecond(run.ops - run.errors, run.elapsedMs);
  const target = writeTarget(backend, writers > 1, run, rate);
  return {
    backend,
    metric,
    value: rate,
    unit: 'writes/s',
    count: run.ops,
    errors: run.errors,
    detail: {
      elapsedMs: round(run.elapsedMs),
      // Where the time goes: this process's CPU per write (client side, for etcd).
      clientCpuUsPerWrite: round((run.cpuMs * 1000) / Math.max(1, run.ops), 1),
      writers,
    },
    ...(target === undefined ? {} : { target }),
  };
}

export function round(value: number, digits = 3): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

/**
 * Measures one open store: sequential and concurrent creates and CAS updates, then
 * watch delivery latency with one writer and with many. Every run writes under its
 * own part of `prefix`. `companions` are phases to time interleaved with the write
 * phases (the raw etcd3 client), so that the two are compared under one condition.
 */
export async function measureStorage(
  storage: Storage,
  backend: string,
  prefix: string,
  sizes: WorkloadSizes,
  log: (message: string) => void,
  companions: readonly Phase[] = [],
): Promise<SuiteResult> {
  const value = benchValue();
  const measurements: Measurement[] = [];
  const notes: string[] = [];
  const record = (metric: string, run: WorkerRun, writers: number): void => {
    measurements.push(writeRow(backend, metric, run, writers));
    if (run.firstError !== undefined) notes.push(`${backend} ${metric}: first error: ${run.firstError}`);
    log(`${backend}: ${metric}: ${run.ops} writes in ${run.elapsedMs.toFixed(0)} ms, ${run.errors} errors`);
  };

  await runWorkers(1, sizes.warmup, async (i) => {
    await storage.create(indexed(`${prefix}warmup/`, i), value);
  });

  const { writers } = sizes;
  const seqPrefix = `${prefix}seq/`;
  const revisions: (number | undefined)[] = [];
  // Each concurrent updater updates a key of its own, so no CAS conflict is expected.
  const ownKeys = Array.from({ length: writers }, (_, w) => indexed(`${prefix}own/`, w));
  const ownRevisions = await Promise.all(ownKeys.map(async (key) => (await storage.create(key, value)).modRevision));
  const phases: Phase[] = [
    {
      name: METRICS.seqCreate,
      writers: 1,
      total: sizes.sequential,
      op: async (i) => {
        revisions[i] = (await storage.create(indexed(seqPrefix, i), value)).modRevision;
      },
    },
    {
      // Updates the keys the phase above created earlier in the same round.
      name: METRICS.seqUpdate,
      writers: 1,
      total: sizes.sequential,
      op: async (i) => {
        const expected = revisions[i];
        if (expected === undefined) throw new Error(`key ${i} was not created, so it cannot be updated`);
        revisions[i] = (await storage.update(indexed(seqPrefix, i), value, expected)).modRevision;
      },
    },
    {
      name: METRICS.concCreate(writers),
      writers,
      total: sizes.concurrent,
      op: async (i) => {
        await storage.create(indexed(`${prefix}conc/`, i), value);
      },
    },
    {
      name: METRICS.concUpdate(writers),
      writers,
      total: sizes.concurrent,
      op: async (_, w) => {
        const key = ownKeys[w] ?? '';
        try {
          ownRevisions[w] = (await storage.update(key, value, ownRevisions[w] ?? 0)).modRevision;
        } catch (error) {
          // Count the rejection, but let this writer go on from the key's real revision.
          ownRevisions[w] = (await storage.get(key)).kv?.modRevision ?? 0;
          throw error;
        }
      },
    },
  ];
  // One-writer phases first, then the concurrent ones; companions next to their peers.
  const ordered = [...phases, ...companions].sort((a, b) => Number(a.writers > 1) - Number(b.writers > 1));
  const runs = await runInterleaved(ordered, sizes.rounds);
  for (const phase of phases) {
    const run = runs.get(phase.name);
    if (run !== undefined) record(phase.name, run, phase.writers);
  }

  for (const watchWriters of [1, writers]) {
    const label = watchWriters === 1 ? '1 writer' : `${watchWriters} writers`;
    const run = await measureWatchLatency(storage, `${prefix}watch-${watchWriters}/`, sizes.watchSamples, watchWriters, value);
    const { summary, writes } = run;
    log(
      `${backend}: watch latency, ${label}: p50 ${summary.p50.toFixed(3)} ms, p99 ${summary.p99.toFixed(3)} ms ` +
        `(write acknowledged: p50 ${writes.p50.toFixed(3)} ms, p99 ${writes.p99.toFixed(3)} ms)`,
    );
    if (run.firstError !== undefined) notes.push(`${backend} watch, ${label}: first error: ${run.firstError}`);
    const detail = {
      p90: round(summary.p90),
      max: round(summary.max),
      mean: round(summary.mean),
      writeAckP50: round(writes.p50),
      writeAckP99: round(writes.p99),
      writers: watchWriters,
    };
    const common = { backend, unit: 'ms', count: summary.count, errors: run.errors, detail } as const;
    measurements.push(
      { ...common, metric: `watch latency p50, ${label}`, value: round(summary.p50) },
      {
        ...common,
        metric: `watch latency p99, ${label}`,
        value: round(summary.p99),
        target: watchP99Target(summary.p99, run.errors),
      },
    );
  }
  return { measurements, notes, runs };
}
