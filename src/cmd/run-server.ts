import { hostname, networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { openApiDocumentJson, openApiIndex } from '../api/openapi/openapi-documents.js';
import { ensureSystemNamespaces } from '../apiserver/bootstrap/system-namespaces.js';
import { ApiServer } from '../apiserver/http/api-server.js';
import { identityFromCertificate } from '../apiserver/pki/client-identity.js';
import { ensureClusterCredentials } from '../apiserver/pki/cluster-credentials.js';
import { renderKubeconfig, writeKubeconfig } from '../apiserver/pki/kubeconfig.js';
import { ObjectStore } from '../apiserver/registry/object-store.js';
import { strategyFor } from '../apiserver/registry/strategies.js';
import { Compactor } from '../storage/compactor.js';
import { openStorage } from '../storage/open-storage.js';
import { systemClock } from '../util/clock.js';
import { LineLogger } from '../util/logger.js';
import { serverVersion } from './server-version.js';

export interface ServerFlags {
  readonly dataDir: string;
  readonly datastore?: string;
  readonly listen: string;
  readonly advertiseAddress?: string;
  readonly tlsSan: string[];
  readonly compactionInterval: string;
}

export async function runServer(flags: ServerFlags): Promise<void> {
  const logger = new LineLogger({ component: 'tug-server' });
  const { host, port } = parseListen(flags.listen);
  const intervalMs = parseDuration(flags.compactionInterval);
  const advertise = flags.advertiseAddress ?? '127.0.0.1';
  const datastoreUrl = flags.datastore ?? `sqlite://${join(flags.dataDir, 'state.db')}`;

  logger.info('preparing cluster credentials', { dataDir: flags.dataDir });
  const ips = new Set(['127.0.0.1', '::1', '10.43.0.1', advertise, ...localAddresses()]);
  const names = new Set(['localhost', hostname(), 'kubernetes', 'kubernetes.default', 'kubernetes.default.svc', 'kubernetes.default.svc.cluster.local']);
  for (const san of flags.tlsSan) (isIp(san) ? ips : names).add(san);
  const credentials = await ensureClusterCredentials({ dataDir: flags.dataDir, hostnames: [...names], ipAddresses: [...ips] });

  logger.info('opening datastore', { datastore: datastoreUrl });
  const storage = await openStorage(datastoreUrl);
  const store = new ObjectStore({ storage, clock: systemClock, strategyFor });
  await ensureSystemNamespaces(store);

  const server = new ApiServer({
    storage,
    clock: systemClock,
    logger,
    store,
    tls: { cert: credentials.servingCertPem, key: credentials.servingKeyPem, ca: credentials.caCertPem },
    auth: { identityFromCertificate: (certificate) => identityFromCertificate(certificate), token: credentials.token },
    host,
    port,
    version: serverVersion(),
    openApi: { index: openApiIndex, documentJson: openApiDocumentJson },
  });
  const boundPort = await server.start();
  const kubeconfigPath = join(flags.dataDir, 'kubeconfig.yaml');
  const serverUrl = `https://${advertise.includes(':') ? `[${advertise}]` : advertise}:${boundPort}`;
  await writeKubeconfig(
    kubeconfigPath,
    renderKubeconfig({ serverUrl, caCertPem: credentials.caCertPem, clientCertPem: credentials.adminCertPem, clientKeyPem: credentials.adminKeyPem }),
  );
  const compactor = new Compactor({ storage, clock: systemClock, logger, intervalMs });
  compactor.start();
  logger.info('tug server is ready', { url: serverUrl, kubeconfig: kubeconfigPath });
  process.stdout.write(`Tugboat API server listening on ${serverUrl}\nexport KUBECONFIG=${kubeconfigPath}\n`);

  await new Promise<void>((resolve) => {
    const stop = () => {
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  logger.info('shutting down');
  await compactor.stop();
  await server.stop();
  await storage.close();
}

function parseListen(listen: string): { host: string; port: number } {
  const match = /^(?:\[([^\]]+)\]|([^:]*)):(\d+)$/.exec(listen);
  const port = Number(match?.[3]);
  if (match === null || !Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`--listen ${JSON.stringify(listen)} is not HOST:PORT`);
  }
  return { host: match[1] ?? (match[2] === '' ? '0.0.0.0' : (match[2] ?? '0.0.0.0')), port };
}

/** Parses 300ms, 30s, 5m, 1h. */
export function parseDuration(text: string): number {
  const match = /^(\d+)(ms|s|m|h)$/.exec(text);
  if (match === null) throw new Error(`duration ${JSON.stringify(text)} is not like 30s, 5m or 1h`);
  const units: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  return Number(match[1]) * (units[match[2] ?? 's'] ?? 1000);
}

function isIp(text: string): boolean {
  return /^[\d.]+$/.test(text) || text.includes(':');
}

function localAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flatMap((addresses) => addresses ?? [])
    .filter((address) => !address.internal)
    .map((address) => address.address);
}
