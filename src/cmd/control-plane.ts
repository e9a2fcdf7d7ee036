import { hostname, networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { openApiDocumentJson, openApiIndex } from '../api/openapi/openapi-documents.js';
import { defaultTolerationSeconds } from '../apiserver/admission/default-toleration-seconds.js';
import { ensureSystemNamespaces } from '../apiserver/bootstrap/system-namespaces.js';
import { ApiServer } from '../apiserver/http/api-server.js';
import { identityFromCertificate } from '../apiserver/pki/client-identity.js';
import { ensureClusterCredentials } from '../apiserver/pki/cluster-credentials.js';
import { renderKubeconfig, writeKubeconfig } from '../apiserver/pki/kubeconfig.js';
import { ObjectStore } from '../apiserver/registry/object-store.js';
import { strategyFor } from '../apiserver/registry/strategies.js';
import { ApiClient } from '../client/api-client.js';
import { EventRecorder } from '../client/event-recorder.js';
import { Http2Transport } from '../client/http2-transport.js';
import { InformerFactory } from '../client/informer-factory.js';
import { LeaderElector } from '../client/leader-elector.js';
import { ControllerManager } from '../controllers/runtime/controller-manager.js';
import { ControllerMetrics } from '../controllers/runtime/controller-metrics.js';
import type { ControllerSpec } from '../controllers/runtime/controller-spec.js';
import { Compactor } from '../storage/compactor.js';
import { openStorage } from '../storage/open-storage.js';
import type { Clock } from '../util/clock.js';
import { errorMessage } from '../util/errors.js';
import type { Logger } from '../util/logger.js';
import { serverVersion } from './server-version.js';

export interface ControlPlaneOptions {
  readonly dataDir: string;
  readonly datastoreUrl: string;
  readonly host: string;
  readonly port: number;
  readonly advertiseAddress: string;
  readonly tlsSans: readonly string[];
  readonly compactionIntervalMs: number;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Controllers to run once this server leads (elected on a Lease in kube-system), given the cluster's CA. */
  readonly controllers: (cluster: { readonly caCertPem: string }) => readonly ControllerSpec[];
  /** How long pods tolerate not-ready/unreachable nodes unless they say (upstream's DefaultTolerationSeconds admission); unset: no default. */
  readonly defaultTolerationSeconds?: { readonly notReadySeconds: number; readonly unreachableSeconds: number };
  /** Leader-elected components besides controllers (the scheduler), started and stopped with them. */
  readonly leaderComponents?: readonly LeaderComponentFactory[];
}

/** Something that runs only on the leader: built from the API client when leadership starts. */
export type LeaderComponentFactory = (client: ApiClient, context: { clock: Clock; logger: Logger }) => { start(): Promise<void>; stop(): Promise<void> };

export interface RunningControlPlane {
  readonly url: string;
  readonly kubeconfigPath: string;
  readonly caCertPem: string;
  /** The join token agents present. */
  readonly token: string;
  stop(): Promise<void>;
}

/**
 * The control plane: the API server over the datastore, the compactor, and (on the
 * elected leader) the controllers. Controllers reach state only through the API, over
 * HTTPS like any client, with the admin credentials.
 */
export async function startControlPlane(options: ControlPlaneOptions): Promise<RunningControlPlane> {
  const { logger, clock } = options;
  logger.info('preparing cluster credentials', { dataDir: options.dataDir });
  const ips = new Set(['127.0.0.1', '::1', '10.43.0.1', options.advertiseAddress, ...localAddresses()]);
  const names = new Set(['localhost', hostname(), 'kubernetes', 'kubernetes.default', 'kubernetes.default.svc', 'kubernetes.default.svc.cluster.local']);
  for (const san of options.tlsSans) (isIp(san) ? ips : names).add(san);
  const credentials = await ensureClusterCredentials({ dataDir: options.dataDir, hostnames: [...names], ipAddresses: [...ips] });

  logger.info('opening datastore', { datastore: options.datastoreUrl });
  const storage = await openStorage(options.datastoreUrl);
  const admission = options.defaultTolerationSeconds === undefined ? [] : [defaultTolerationSeconds(options.defaultTolerationSeconds)];
  const store = new ObjectStore({ storage, clock, strategyFor, admission });
  await ensureSystemNamespaces(store);
  const controllerMetrics = new ControllerMetrics();

  const server = new ApiServer({
    storage,
    clock,
    logger,
    store,
    tls: { cert: credentials.servingCertPem, key: credentials.servingKeyPem, ca: credentials.caCertPem },
    auth: {
      identityFromCertificate: (certificate) => identityFromCertificate(certificate),
      token: credentials.token,
      serviceAccountKeyPem: credentials.serviceAccountKeyPem,
    },
    agentCredentials: { certPem: credentials.kubeletClientCertPem, keyPem: credentials.kubeletClientKeyPem },
    host: options.host,
    port: options.port,
    version: serverVersion(),
    openApi: { index: openApiIndex, documentJson: openApiDocumentJson },
    extraMetrics: () => controllerMetrics.render(),
  });
  const boundPort = await server.start();
  const advertise = options.advertiseAddress;
  const url = `https://${advertise.includes(':') ? `[${advertise}]` : advertise}:${boundPort}`;
  const kubeconfigPath = join(options.dataDir, 'kubeconfig.yaml');
  await writeKubeconfig(
    kubeconfigPath,
    renderKubeconfig({ serverUrl: url, caCertPem: credentials.caCertPem, clientCertPem: credentials.adminCertPem, clientKeyPem: credentials.adminKeyPem }),
  );
  const compactor = new Compactor({ storage, clock, logger, intervalMs: options.compactionIntervalMs });
  compactor.start();

  const loopbackHost = options.host === '0.0.0.0' || options.host === '' ? '127.0.0.1' : options.host === '::' ? '::1' : options.host;
  const transport = new Http2Transport({
    server: `https://${loopbackHost.includes(':') ? `[${loopbackHost}]` : loopbackHost}:${boundPort}`,
    caPem: credentials.caCertPem,
    clientCertPem: credentials.adminCertPem,
    clientKeyPem: credentials.adminKeyPem,
  });
  const client = new ApiClient({ transport, fieldManager: 'tug-controller-manager' });
  const controllers = options.controllers({ caCertPem: credentials.caCertPem });
  const leader = new LeaderRuntime({ client, clock, logger, controllers, metrics: controllerMetrics, components: options.leaderComponents ?? [] });
  const elector = new LeaderElector({
    client,
    clock,
    logger,
    namespace: 'kube-system',
    name: 'tug-controller-manager',
    identity: `${hostname()}_${randomBytes(4).toString('hex')}`,
    onStartedLeading: () => {
      leader.start();
    },
    onStoppedLeading: () => {
      void leader.stop();
    },
  });
  if (controllers.length > 0 || (options.leaderComponents ?? []).length > 0) elector.start();

  return {
    url,
    kubeconfigPath,
    caCertPem: credentials.caCertPem,
    token: credentials.token,
    stop: async () => {
      await elector.stop();
      await leader.stop();
      await transport.close();
      await compactor.stop();
      await server.stop();
      await storage.close();
    },
  };
}

/** What runs while this server leads; rebuilt each time leadership is gained. */
interface LeaderRuntimeOptions {
  readonly client: ApiClient;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly controllers: readonly ControllerSpec[];
  readonly metrics: ControllerMetrics;
  readonly components: readonly LeaderComponentFactory[];
}

class LeaderRuntime {
  readonly #options: LeaderRuntimeOptions;
  #running: { manager: ControllerManager; components: { stop(): Promise<void> }[] } | undefined;

  constructor(options: LeaderRuntimeOptions) {
    this.#options = options;
  }

  start(): void {
    if (this.#running !== undefined) return;
    const { client, clock, logger, controllers, metrics, components } = this.#options;
    const informers = new InformerFactory({ client, clock, logger });
    const recorder = new EventRecorder({ client, clock, logger, component: 'tug-controller-manager' });
    const manager = new ControllerManager({ context: { client, informers, clock, logger, recorder }, specs: controllers, metrics });
    const started = components.map((factory) => factory(client, { clock, logger }));
    this.#running = { manager, components: started };
    void manager.start().catch((error: unknown) => {
      logger.error('controllers failed to start', { error: errorMessage(error) });
    });
    for (const component of started) {
      void component.start().catch((error: unknown) => {
        logger.error('leader component failed to start', { error: errorMessage(error) });
      });
    }
  }

  async stop(): Promise<void> {
    const running = this.#running;
    this.#running = undefined;
    if (running === undefined) return;
    await Promise.all([running.manager.stop(), ...running.components.map(async (component) => component.stop())]);
  }
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
