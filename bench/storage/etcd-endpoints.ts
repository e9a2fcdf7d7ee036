import type { BenchContext } from '../lib/types.js';

export const ENDPOINTS_ENV = 'TUG_BENCH_ETCD_ENDPOINTS';

export interface EtcdEndpoints {
  /** As the etcd cluster helper or the environment gave them. */
  readonly endpoints: string[];
  /** The same with an http:// scheme, as the etcd3 client wants them. */
  readonly hosts: string[];
  /** True for a cluster this benchmark did not start (its keys must be deleted after). */
  readonly external: boolean;
  readonly description: string;
  /** Stops the cluster if this benchmark started it. */
  readonly release: () => Promise<void>;
}

function withScheme(endpoint: string): string {
  return /^[a-z]+:\/\//i.test(endpoint) ? endpoint : `http://${endpoint}`;
}

/**
 * The etcd to measure: the endpoints in TUG_BENCH_ETCD_ENDPOINTS if set, else a
 * one-member cluster started here on a free local port (stopped by `release`).
 */
export async function acquireEtcd(context: BenchContext): Promise<EtcdEndpoints> {
  const fromEnv = process.env[ENDPOINTS_ENV]?.trim();
  if (fromEnv !== undefined && fromEnv !== '') {
    const endpoints = fromEnv
      .split(',')
      .map((endpoint) => endpoint.trim())
      .filter((endpoint) => endpoint !== '');
    return {
      endpoints,
      hosts: endpoints.map(withScheme),
      external: true,
      description: `external etcd at ${endpoints.join(', ')} (from ${ENDPOINTS_ENV})`,
      release: async () => undefined,
    };
  }
  const { startEtcdCluster } = await import('../../test/helpers/etcd-cluster.js');
  context.log('storage: starting a one-member etcd cluster');
  const cluster = await startEtcdCluster({ members: 1 });
  const release = context.resources.add('etcd cluster', () => cluster.stop());
  return {
    endpoints: cluster.endpoints,
    hosts: cluster.endpoints.map(withScheme),
    external: false,
    description: `one-member etcd started for this run at ${cluster.endpoints.join(', ')} (pid ${cluster.members.map((m) => m.pid).join(', ')})`,
    release,
  };
}
