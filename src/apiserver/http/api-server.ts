import type { IncomingMessage } from 'node:http';
import { createSecureServer, type Http2SecureServer } from 'node:http2';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { TLSSocket } from 'node:tls';
import type { Storage } from '../../storage/interface.js';
import type { Clock } from '../../util/clock.js';
import { errorMessage } from '../../util/errors.js';
import type { Logger } from '../../util/logger.js';
import { ResourceHandler } from '../handlers/resource-handler.js';
import { METRICS_GROUP, MetricsApiHandler } from '../metrics-api/metrics-api-handler.js';
import type { ObjectStore } from '../registry/object-store.js';
import { WatchCache } from '../registry/watch-cache.js';
import type { AgentClientCredentials } from '../streaming/agent-client.js';
import { PodStreaming } from '../streaming/pod-streaming.js';
import { rejectUpgrade } from '../streaming/reject-upgrade.js';
import { ServiceAccountTokens } from '../serviceaccount/service-account-tokens.js';
import { ApiError, apiErrors } from './api-error.js';
import { authenticate, type AuthenticatorOptions } from './authenticate.js';
import type { Request, Response } from './http-types.js';
import { NonResourceHandler, type NonResourceOptions } from './non-resource-handler.js';
import { parseRequestInfo } from './request-info.js';
import { RequestMetrics } from './request-metrics.js';
import { sendStatus } from './respond.js';
import { serveIssuerDiscovery } from '../serviceaccount/issuer-discovery.js';

export interface ApiServerOptions {
  readonly storage: Storage;
  readonly clock: Clock;
  readonly logger: Logger;
  /** The generic object store over `storage` (shared with start-up bootstrapping). */
  readonly store: ObjectStore;
  readonly tls: { readonly cert: string; readonly key: string; readonly ca: string };
  readonly auth: AuthenticatorOptions;
  readonly host: string;
  readonly port: number;
  readonly version: NonResourceOptions['version'];
  readonly openApi: NonResourceOptions['openApi'];
  /** Metrics of other components in this process, appended to `/metrics`. */
  readonly extraMetrics?: () => string;
  /** The kubelet-client certificate for reaching agents (pod logs, exec, attach, port-forward). */
  readonly agentCredentials?: AgentClientCredentials;
}

const SESSION_MEMORY_MB = 256;

/** Recent events kept for watchers resuming from a resourceVersion. */
const WATCH_CACHE_CAPACITY = 10_000;

/** Paths anyone may read without credentials, as Kubernetes allows. */
const PUBLIC_PATHS = /^\/(healthz|livez|readyz|version)(\/|$)/;

/** The HTTPS API server: authentication, routing, Status errors, metrics. */
export class ApiServer {
  readonly #options: ApiServerOptions;
  readonly #metrics: RequestMetrics;
  readonly #resources: ResourceHandler;
  readonly #nonResources: NonResourceHandler;
  readonly #watchCache: WatchCache;
  readonly #tokens: ServiceAccountTokens;
  readonly #streaming: PodStreaming;
  readonly #metricsApi: MetricsApiHandler;
  #server: Http2SecureServer | undefined;
  readonly #sockets = new Set<TLSSocket>();

  constructor(options: ApiServerOptions) {
    this.#options = options;
    this.#metrics = new RequestMetrics(options.extraMetrics);
    const { store } = options;
    this.#watchCache = new WatchCache({ storage: options.storage, logger: options.logger, prefix: '/registry/', capacity: WATCH_CACHE_CAPACITY });
    this.#tokens = new ServiceAccountTokens({ store, clock: options.clock, signingKeyPem: options.auth.serviceAccountKeyPem ?? options.tls.key });
    this.#streaming = new PodStreaming({ store, logger: options.logger, ...(options.agentCredentials === undefined ? {} : { agentCredentials: options.agentCredentials }) });
    this.#metricsApi = new MetricsApiHandler({
      store,
      storage: options.storage,
      clock: options.clock,
      logger: options.logger,
      ...(options.agentCredentials === undefined ? {} : { agentCredentials: options.agentCredentials }),
    });
    this.#resources = new ResourceHandler({ store, storage: options.storage, clock: options.clock, cache: this.#watchCache, serviceAccountTokens: this.#tokens, streaming: this.#streaming });
    this.#nonResources = new NonResourceHandler({
      version: options.version,
      openApi: options.openApi,
      metrics: this.#metrics,
      serverAddress: () => `${options.host}:${this.port}`,
    });
  }

  /** Starts listening; resolves with the bound port (useful with port 0). */
  async start(): Promise<number> {
    const { tls } = this.#options;
    await this.#watchCache.start();
    const server = createSecureServer({
      allowHTTP1: true,
      cert: tls.cert,
      key: tls.key,
      ca: tls.ca,
      requestCert: true,
      rejectUnauthorized: false,
      // One client connection may carry hundreds of watches and queued writes (controllers,
      // schedulers, agents); Node's default 10 MB session budget ends such sessions with
      // ENHANCE_YOUR_CALM under load.
      maxSessionMemory: SESSION_MEMORY_MB,
    });
    server.on('secureConnection', (socket: TLSSocket) => {
      this.#sockets.add(socket);
      socket.once('close', () => this.#sockets.delete(socket));
    });
    server.on('request', (request: Request, response: Response) => {
      void this.#serve(request, response);
    });
    // exec, attach and port-forward upgrade HTTP/1.1 connections (WebSocket or SPDY).
    server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
      void authenticate(request as unknown as Request, this.#options.auth, this.#tokens).then(async (user) => {
        if (user === undefined) rejectUpgrade(socket, apiErrors.unauthorized());
        else await this.#streaming.serveUpgrade(request, socket, head);
      }, () => {
        rejectUpgrade(socket, apiErrors.unauthorized());
      });
    });
    this.#server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.#options.port, this.#options.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    return this.port;
  }

  get port(): number {
    return (this.#server?.address() as AddressInfo | null)?.port ?? this.#options.port;
  }

  async stop(): Promise<void> {
    const server = this.#server;
    await this.#watchCache.stop();
    if (server === undefined) return;
    await new Promise<void>((resolve) => {
      server.close(() => {
        resolve();
      });
      // Watches and clients' idle connections (HTTP/2 sessions, keep-alive) would otherwise hold close() open.
      for (const socket of this.#sockets) socket.destroy();
    });
  }

  async #serve(request: Request, response: Response): Promise<void> {
    const started = process.hrtime.bigint();
    const url = new URL(request.url, 'https://tugboat.invalid');
    const info = parseRequestInfo(request.method, url);
    try {
      if (!PUBLIC_PATHS.test(url.pathname) && (await authenticate(request, this.#options.auth, this.#tokens)) === undefined) {
        throw apiErrors.unauthorized();
      }
      if (serveIssuerDiscovery(response, url.pathname, this.#tokens)) return;
      if (info.kind === 'resource' && info.group === METRICS_GROUP) await this.#metricsApi.handle(request, response, url, info);
      else if (info.kind === 'resource') await this.#resources.handle(request, response, url, info);
      else this.#nonResources.handle(request, response, url);
    } catch (error) {
      this.#fail(response, error, request.method, url.pathname);
    } finally {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const verb = info.kind === 'resource' ? info.verb.toUpperCase() : request.method;
      this.#metrics.observe(verb, info.kind === 'resource' ? info.resource : '', response.statusCode, seconds);
    }
  }

  #fail(response: Response, error: unknown, method: string, path: string): void {
    const apiError =
      error instanceof ApiError ? error : apiErrors.internal(errorMessage(error), error);
    if (apiError.httpCode >= 500) {
      this.#options.logger.error('request failed', { method, path, error: errorMessage(error) });
    }
    if (response.headersSent) {
      response.end();
      return;
    }
    sendStatus(response, apiError.toStatus());
  }
}
