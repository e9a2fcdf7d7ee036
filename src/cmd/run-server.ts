import { join } from 'node:path';
import { systemClock } from '../util/clock.js';
import { LineLogger } from '../util/logger.js';
import { schedulerComponent } from '../scheduler/scheduler.js';
import { startControlPlane } from './control-plane.js';
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
          }),
    defaultTolerationSeconds: {
      notReadySeconds: parseSeconds(flags.defaultNotReadyTolerationSeconds),
      unreachableSeconds: parseSeconds(flags.defaultUnreachableTolerationSeconds),
    },
    leaderComponents: flags.disableControllers === true ? [] : [schedulerComponent()],
  });
  logger.info('tug server is ready', { url: controlPlane.url, kubeconfig: controlPlane.kubeconfigPath });
  process.stdout.write(`Tugboat API server listening on ${controlPlane.url}\nexport KUBECONFIG=${controlPlane.kubeconfigPath}\n`);

  await new Promise<void>((resolve) => {
    const stop = () => {
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  logger.info('shutting down');
  await controlPlane.stop();
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
