import { perSecond } from '../lib/stats.js';
import type { BenchContext, Measurement } from '../lib/types.js';
import type { WorkerRun } from '../lib/workers.js';
import type { BackendRun } from './backends.js';
import { acquireEtcd } from './etcd-endpoints.js';
import { RAW_PHASES, deleteEtcdPrefix, rawEtcdPhases } from './raw-etcd.js';
import { METRICS, measureStorage, round, writeRow } from './suite.js';
import { rawRatioTarget } from './targets.js';
import type { WorkloadSizes } from './workload.js';

const RAW = 'etcd3 raw';

/**
 * The etcd backend, and the raw etcd3 client on the same cluster in the same run
 * (interleaved with the backend's write phases), with the backend's write rates as a
 * fraction of the raw client's.
 */
export async function benchEtcd(context: BenchContext, prefix: string, sizes: WorkloadSizes): Promise<BackendRun> {
  const etcd = await acquireEtcd(context);
  try {
    const raw = await rawEtcdPhases(etcd.hosts, `${prefix}raw/`, sizes);
    const closeRaw = context.resources.add('raw etcd3 client', async () => {
      raw.close();
    });
    let suite;
    try {
      const { EtcdStorage } = await import('../../src/storage/etcd/etcd-storage.js');
      const storage = await EtcdStorage.connect({ endpoints: etcd.endpoints });
      const close = context.resources.add('etcd storage', () => storage.close());
      try {
        suite = await measureStorage(storage, 'etcd', `${prefix}backend/`, sizes, context.log, raw.phases);
      } finally {
        await close();
      }
    } finally {
      await closeRaw();
    }
    const { writers } = sizes;
    const run = (name: string): WorkerRun => {
      const found = suite.runs.get(name);
      if (found === undefined) throw new Error(`no run of ${name}`);
      return found;
    };
    const rawRows = [
      writeRow(RAW, 'put, 1 writer', run(RAW_PHASES.putSequential), 1),
      writeRow(RAW, `put, ${writers} writers`, run(RAW_PHASES.putConcurrent), writers),
      writeRow(RAW, 'create txn, 1 writer', run(RAW_PHASES.txnSequential), 1),
      writeRow(RAW, `create txn, ${writers} writers`, run(RAW_PHASES.txnConcurrent), writers),
    ];
    const ratio = (metric: string, rawName: string, rawOp: string, withTarget: boolean): Measurement =>
      ratioRow(metric, run(metric), rawOp, run(rawName), withTarget);
    const ratios: Measurement[] = [
      ratio(METRICS.seqCreate, RAW_PHASES.putSequential, 'put', true),
      ratio(METRICS.seqUpdate, RAW_PHASES.putSequential, 'put', true),
      ratio(METRICS.concCreate(writers), RAW_PHASES.putConcurrent, 'put', true),
      ratio(METRICS.concUpdate(writers), RAW_PHASES.putConcurrent, 'put', true),
      // Informational: the backend's create against the same txn sent raw, so no target.
      ratio(METRICS.seqCreate, RAW_PHASES.txnSequential, 'create txn', false),
      ratio(METRICS.concCreate(writers), RAW_PHASES.txnConcurrent, 'create txn', false),
    ];
    const rawErrors = Object.values(RAW_PHASES).flatMap((name) => {
      const { firstError } = run(name);
      return firstError === undefined ? [] : [`${RAW} ${name}: first error: ${firstError}`];
    });
    return {
      measurements: [...suite.measurements, ...rawRows, ...ratios],
      notes: [
        `etcd: ${etcd.description}`,
        `etcd3 raw: timed interleaved with the backend's write phases, in ${sizes.rounds} rounds`,
        ...suite.notes,
        ...rawErrors,
      ],
    };
  } finally {
    if (etcd.external) {
      // Leave nothing behind in a cluster we do not own; a failure here must not hide
      // the run's own error, so it is only logged.
      await deleteEtcdPrefix(etcd.hosts, prefix).catch((error: unknown) => {
        context.log(`could not delete ${prefix} from etcd: ${error instanceof Error ? error.message : String(error)}`);
      });
    }
    await etcd.release();
  }
}

function ratioRow(metric: string, backend: WorkerRun, rawOp: string, raw: WorkerRun, withTarget: boolean): Measurement {
  const ratio = perSecond(backend.ops - backend.errors, backend.elapsedMs) / perSecond(raw.ops - raw.errors, raw.elapsedMs);
  return {
    backend: 'etcd / raw',
    metric: `${metric} vs raw ${rawOp}`,
    value: round(ratio),
    unit: 'x',
    ...(withTarget ? { target: rawRatioTarget(ratio) } : {}),
  };
}
