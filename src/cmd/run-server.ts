import { hostname } from 'node:os';
import { join } from 'node:path';
import { startAgent } from '../agent/agent.js';
import { ApiClient } from '../client/api-client.js';
import { Http2Transport } from '../client/http2-transport.js';
import { loadKubeconfig } from '../client/kubeconfig.js';
import { systemClock } from '../util/clock.js';
import { LineLogger, type Logger } from '../util/logger.js';
import { schedulerComponent } from '../scheduler/scheduler.js';
import { startControlPlane, type RunningControlPlane } from './control-plane.js';
import { allControllers } from './controller-specs.js';

export interface ServerFlags {
  readonly dataDir: string;
  readonly datastore?: string;
  readonly listen: string;
  readonly advertiseAddress?: string;
  readonly tlsSan: string[];
  readonly compactionInterval: string;
  readonly disableControllers?: boolean;
  readonly nodeMonitorGracePeriod: string;
  readonly defaultUnreachableTolerationSeconds: string;
  readonly defaultNotReadyTolerationSeconds: string;
  readonly clusterCidr: string;
  readonly disableAgent?: boolean;
  readonly nodeName?: string;
  readonly nodeIp?: string;
  readonly kubeletPort: string;
}

export async function runServer(flags: ServerFlags): Promise<void> {
  const logger = new LineLogger({ component: 'tug-server' });
  const { host, port } = parseListen(flags.listen);
  const controlPlane = await startControlPlane({
    dataDir: flags.dataDir,
    datastoreUrl: flags.datastore ?? `sqlite://${join(flags.dataDir, 'state.db')}`,
    host,
    port,
    advertiseAddress: flags.advertiseAddress ?? '127.0.0.1',
    tlsSans: flags.tlsSan,
    compactionIntervalMs: parseDuration(flags.compactionInterval),
    clock: systemClock,
    logger,
    controllers: ({ caCertPem }) =>
      flags.disableControllers === true
        ? []
        : allControllers({
            caCertPem,
            nodeMonitorGracePeriodMs: parseDuration(flags.nodeMonitorGracePeriod),
            clusterCidr: flags.clusterCidr,
          }),
    defaultTolerationSeconds: {
      notReadySeconds: parseSeconds(flags.defaultNotReadyTolerationSeconds),
      unreachableSeconds: parseSeconds(flags.defaultUnreachableTolerationSeconds),
    },
    leaderComponents: flags.disableControllers === true ? [] : [schedulerComponent()],
  });
  logger.info('tug server is ready', { url: controlPlane.url, kubeconfig: controlPlane.kubeconfigPath });
  process.stdout.write(`Tugboat API server listening on ${controlPlane.url}\nexport KUBECONFIG=${controlPlane.kubeconfigPath}\n`);
  const agent = flags.disableAgent === true ? undefined : await startLocalAgent(flags, controlPlane, logger);

  await new Promise<void>((resolve) => {
    const stop = () => {
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  logger.info('shutting down');
  await agent?.stop();
  await controlPlane.stop();
}

/** The agent of this machine, inside `tug server` as in k3s; its pods keep running when it stops. */
async function startLocalAgent(flags: ServerFlags, controlPlane: RunningControlPlane, logger: Logger): Promise<{ stop(): Promise<void> }> {
  const transport = new Http2Transport(await loadKubeconfig(controlPlane.kubeconfigPath));
  const kubeletPort = Number(flags.kubeletPort);
  if (!Number.isInteger(kubeletPort) || kubeletPort < 0 || kubeletPort > 65_535) throw new Error(`--kubelet-port: not a port: ${flags.kubeletPort}`);
  const agent = await startAgent({
    client: new ApiClient({ transport, fieldManager: 'kubelet' }),
    nodeName: (flags.nodeName ?? hostname()).toLowerCase(),
    ...(flags.nodeIp === undefined ? {} : { nodeIp: flags.nodeIp }),
    dataDir: flags.dataDir,
    caPem: controlPlane.caCertPem,
    serverPort: kubeletPort,
    clock: systemClock,
    logger: logger.with({ component: 'tug-agent' }),
  });
  process.stdout.write(`node ${agent.nodeName} (${agent.nodeIp}) is running pods in containerd\n`);
  return {
    stop: async () => {
      await agent.stop();
      await transport.close();
    },
  };
}

function parseListen(listen: string): { host: string; port: number } {
  const match = /^(?:\[([^\]]+)\]|([^:]*)):(\d+)$/.exec(listen);
  const port = Number(match?.[3]);
  if (match === null || !Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`--listen ${JSON.stringify(listen)} is not HOST:PORT`);
  }
  return { host: match[1] ?? (match[2] === '' ? '0.0.0.0' : (match[2] ?? '0.0.0.0')), port };
}

function parseSeconds(text: string): number {
  const seconds = Number(text);
  if (!Number.isInteger(seconds) || seconds < 0) throw new Error(`${JSON.stringify(text)} is not a whole number of seconds`);
  return seconds;
}

/** Parses 300ms, 30s, 5m, 1h. */
export function parseDuration(text: string): number {
  const match = /^(\d+)(ms|s|m|h)$/.exec(text);
  if (match === null) throw new Error(`duration ${JSON.stringify(text)} is not like 30s, 5m or 1h`);
  const units: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  return Number(match[1]) * (units[match[2] ?? 's'] ?? 1000);
}
