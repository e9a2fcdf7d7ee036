import type { BenchmarkEntry } from './lib/types.js';

/**
 * Every benchmark `npm run bench` knows, in the order they run when none is named.
 * To add one, write a module whose `run()` returns a BenchOutcome and list it here.
 */
export const BENCHMARKS: readonly BenchmarkEntry[] = [
  {
    name: 'storage',
    description: 'write rates and watch latency of the memory, SQLite and etcd storage backends',
    load: () => import('./storage/index.js'),
  },
  {
    name: 'api',
    description: 'tug server over HTTPS/HTTP2: write rates vs raw SQLite, 10k-pod list, 1000 watchers, cold start, RSS',
    load: () => import('./api/index.js'),
  },
  {
    name: 'scheduler',
    description: 'scheduling throughput: 5000 nodes, 10k pods (TUG_BENCH_SCHEDULER_PODS=10000,50000 for more), creation to bound, p99, server RSS',
    load: () => import('./scheduler/index.js'),
  },
  {
    name: 'rollout',
    description: 'tug server + tug sim (100 nodes): a 1000-replica Deployment created, then rolled to a new image, end to end; server CPU and RSS',
    load: () => import('./rollout/index.js'),
  },
  {
    name: 'pods',
    description: 'one real node (tug server + tug agent, containerd): 50 pods create -> Running p50/p99 vs raw CRI starts, agent RSS',
    load: () => import('./pods/index.js'),
  },
];

export function findBenchmark(name: string): BenchmarkEntry | undefined {
  return BENCHMARKS.find((entry) => entry.name === name);
}
