import { join } from 'node:path';
import { SimulatedNodes } from '../agent/simulated-nodes/simulated-nodes.js';
import { parseDuration } from '../agent/simulated-nodes/pod-behaviour.js';
import { ApiClient } from '../client/api-client.js';
import { Http2Transport } from '../client/http2-transport.js';
import { loadKubeconfig } from '../client/kubeconfig.js';
import { systemClock } from '../util/clock.js';
import { LineLogger } from '../util/logger.js';
import { DEFAULT_DATA_DIR } from './defaults.js';

export interface SimFlags {
  readonly nodes: number;
  readonly kubeconfig?: string;
  readonly namePrefix: string;
  readonly cpu: string;
  readonly memory: string;
  readonly pods: number;
  readonly zones: number;
  readonly leaseInterval?: string;
  readonly completeAfter: string;
  readonly crashFraction: number;
  readonly removeOnExit?: boolean;
}

/** Runs simulated nodes against the cluster of the kubeconfig until SIGINT or SIGTERM. */
export async function runSim(flags: SimFlags): Promise<void> {
  const completeAfterMs = parseDuration(flags.completeAfter);
  if (completeAfterMs === undefined) throw new Error(`--complete-after: not a duration: ${flags.completeAfter}`);
  const leaseRenewIntervalMs = flags.leaseInterval === undefined ? defaultLeaseInterval(flags.nodes) : parseDuration(flags.leaseInterval);
  if (leaseRenewIntervalMs === undefined) throw new Error(`--lease-interval: not a duration: ${flags.leaseInterval ?? ''}`);
  const kubeconfig = flags.kubeconfig ?? process.env.KUBECONFIG ?? join(DEFAULT_DATA_DIR, 'kubeconfig.yaml');
  const transport = new Http2Transport(await loadKubeconfig(kubeconfig));
  const logger = new LineLogger({ component: 'tug-sim' });
  const nodes = new SimulatedNodes({
    client: new ApiClient({ transport, fieldManager: 'tug-sim' }),
    count: flags.nodes,
    namePrefix: flags.namePrefix,
    cpu: flags.cpu,
    memory: flags.memory,
    pods: flags.pods,
    zones: flags.zones,
    completeAfterMs,
    leaseRenewIntervalMs,
    crashFraction: flags.crashFraction,
    clock: systemClock,
    logger,
    onProgress: progressPrinter(),
  });
  // Keeps the process alive while the nodes run; the client's timers do not.
  const keepAlive = setInterval(() => undefined, 60_000);
  const stopped = new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  try {
    await nodes.start();
    process.stdout.write(`${flags.nodes} simulated nodes running (${flags.namePrefix}-0 ... ${flags.namePrefix}-${flags.nodes - 1}); press Ctrl-C to stop\n`);
    const signal = await stopped;
    process.stderr.write(`received ${signal}; stopping the simulated nodes\n`);
    if (flags.removeOnExit === true) await nodes.removeNodes();
    else await nodes.stop();
  } finally {
    clearInterval(keepAlive);
    await transport.close();
  }
}

/**
 * A kubelet renews every 10 s; beyond 2500 nodes that is more writes than one small
 * server absorbs, so the sim renews at 250 Leases/s, well within the 40 s grace period.
 */
function defaultLeaseInterval(nodes: number): number {
  return Math.min(20_000, Math.max(10_000, (nodes / 250) * 1000));
}

/** Prints "registered N/M nodes" at most every half second, and at the end. */
function progressPrinter(): (registered: number, total: number) => void {
  let printedAt = 0;
  return (registered, total) => {
    const now = Date.now();
    if (registered < total && now - printedAt < 500) return;
    printedAt = now;
    process.stderr.write(`registered ${registered}/${total} nodes\n`);
  };
}
