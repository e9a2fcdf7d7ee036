import type { Phase } from '../lib/phases.js';
import { runWorkers } from '../lib/workers.js';
import { type WorkloadSizes, benchValue, indexed } from './workload.js';

export const RAW_PHASES = {
  putSequential: 'raw put, 1 writer',
  putConcurrent: 'raw put, concurrent',
  txnSequential: 'raw create txn, 1 writer',
  txnConcurrent: 'raw create txn, concurrent',
} as const;

export interface RawEtcd {
  /**
   * The backend's write workloads through the `etcd3` client with nothing of ours in
   * between: plain puts (the yardstick of the backend's targets), and create-if-absent
   * txns, the same compare-and-put the backend's create sends, which tell etcd's
   * cost of a txn over a put from the backend's own overhead.
   */
  readonly phases: readonly Phase[];
  readonly close: () => void;
}

/** Connects a raw etcd3 client and warms it up. */
export async function rawEtcdPhases(hosts: string[], prefix: string, sizes: WorkloadSizes): Promise<RawEtcd> {
  const { Etcd3 } = await import('etcd3');
  const client = new Etcd3({ hosts });
  const value = Buffer.from(benchValue());
  const put = async (key: string): Promise<void> => {
    await client.put(key).value(value);
  };
  const createIfAbsent = async (key: string): Promise<void> => {
    const response = await client.if(key, 'Create', '==', 0).then(client.put(key).value(value)).commit();
    if (!response.succeeded) throw new Error(`raw txn: ${key} exists`);
  };
  try {
    await runWorkers(1, sizes.warmup, (i) => put(indexed(`${prefix}warmup/`, i)));
  } catch (error) {
    client.close();
    throw error;
  }
  const { writers, sequential, concurrent } = sizes;
  return {
    phases: [
      { name: RAW_PHASES.putSequential, writers: 1, total: sequential, op: (i) => put(indexed(`${prefix}put-seq/`, i)) },
      { name: RAW_PHASES.putConcurrent, writers, total: concurrent, op: (i) => put(indexed(`${prefix}put-conc/`, i)) },
      {
        name: RAW_PHASES.txnSequential,
        writers: 1,
        total: sequential,
        op: (i) => createIfAbsent(indexed(`${prefix}txn-seq/`, i)),
      },
      {
        name: RAW_PHASES.txnConcurrent,
        writers,
        total: concurrent,
        op: (i) => createIfAbsent(indexed(`${prefix}txn-conc/`, i)),
      },
    ],
    close: () => {
      client.close();
    },
  };
}

/** Deletes everything under `prefix` (for an etcd this benchmark did not start). */
export async function deleteEtcdPrefix(hosts: string[], prefix: string): Promise<void> {
  const { Etcd3 } = await import('etcd3');
  const client = new Etcd3({ hosts });
  try {
    await client.delete().prefix(prefix);
  } finally {
    client.close();
  }
}
