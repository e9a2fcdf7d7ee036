import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { TLSSocket } from 'node:tls';
import { RESOURCE_USAGE_PATH } from '../../api/resource-usage-summary.js';
import { errorMessage } from '../../util/errors.js';
import type { Logger } from '../../util/logger.js';
import type { ContainerRuntime } from '../runtime/container-runtime.js';
import { NodeUsageReader } from '../stats/node-usage-reader.js';
import { ResourceUsageCollector } from '../stats/resource-usage-collector.js';
import { AgentHttpError } from './agent-http-error.js';
import { type AgentRoute, parseAgentRoute } from './agent-route.js';
import { checkApiServerClient } from './api-server-client-check.js';
import { containerLogs } from './container-logs.js';
import { PodContainers } from './pod-containers.js';
import { selfSignedCertificate } from './self-signed-certificate.js';
import { proxyStreamUpgrade } from './stream-upgrade-proxy.js';

export interface AgentServerOptions {
  readonly runtime: ContainerRuntime;
  /** The cluster CA: callers must present a client certificate it signed. */
  readonly caPem: string;
  readonly host: string;
  /** 0 picks a free port. */
  readonly port: number;
  readonly logger: Logger;
  /** The serving certificate; a self-signed one is made when absent. */
  readonly tls?: { readonly certPem: string; readonly keyPem: string };
  /** Reads the node's CPU and memory; default: the root cgroups under /sys/fs/cgroup. */
  readonly nodeUsage?: NodeUsageReader;
}

export interface AgentServer {
  readonly port: number;
  stop(): Promise<void>;
}

const SUBRESOURCE: Record<AgentRoute['kind'], string> = { containerLogs: 'log', exec: 'proxy', attach: 'proxy', portForward: 'proxy' };

/**
 * The agent's HTTPS endpoint, shaped like the kubelet's: container logs read from the
 * CRI log files, and exec, attach and port-forward upgrades handed to the runtime's
 * stream server. Only the API server (its kubelet-client certificate) may call it.
 */
export async function startAgentServer(options: AgentServerOptions): Promise<AgentServer> {
  const tls = options.tls ?? (await selfSignedCertificate('tugboat-agent'));
  const logger = options.logger.with({ component: 'agent-server' });
  const containers = new PodContainers(options.runtime);
  const usage = new ResourceUsageCollector({ runtime: options.runtime, node: options.nodeUsage ?? new NodeUsageReader() });
  const server = createServer({ cert: tls.certPem, key: tls.keyPem, ca: options.caPem, requestCert: true, rejectUnauthorized: false });
  // Upgraded (exec, attach, port-forward) connections are no longer the HTTP server's to close.
  const sockets = new Set<TLSSocket>();
  server.on('secureConnection', (socket: TLSSocket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    void serveRequest(request, response).catch((error: unknown) => {
      failResponse(response, error, logger);
    });
  });
  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    void serveUpgrade(request, socket, head).catch((error: unknown) => {
      failUpgrade(socket, error, logger);
    });
  });

  async function serveRequest(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'https://agent.invalid');
    if (url.pathname === RESOURCE_USAGE_PATH) {
      await serveResourceUsage(request, response);
      return;
    }
    const route = authorizedRoute(request, url);
    if (route.kind !== 'containerLogs') throw new AgentHttpError(400, 'Upgrade request required');
    if (request.method !== 'GET') throw new AgentHttpError(405, `${request.method ?? ''} is not allowed on container logs`);
    const abort = new AbortController();
    response.on('close', () => {
      abort.abort();
    });
    await containerLogs({
      runtime: options.runtime,
      containers,
      pod: route.pod,
      container: route.container,
      query: url.searchParams,
      response,
      signal: abort.signal,
      now: () => Date.now(),
    });
  }

  /** `GET /stats/resource`: the node's and its containers' CPU and memory (see ResourceUsageSummary). */
  async function serveResourceUsage(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (!(request.socket instanceof TLSSocket)) throw new AgentHttpError(400, 'the agent serves HTTPS only');
    const check = checkApiServerClient(request.socket, 'get', 'stats');
    if (!check.allowed) throw new AgentHttpError(check.statusCode, check.message);
    if (request.method !== 'GET') throw new AgentHttpError(405, `${request.method ?? ''} is not allowed on ${RESOURCE_USAGE_PATH}`);
    const body = JSON.stringify(await usage.collect());
    response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    response.end(body);
  }

  async function serveUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const url = new URL(request.url ?? '/', 'https://agent.invalid');
    const route = authorizedRoute(request, url);
    const target = new URL(await streamUrl(route, url.searchParams));
    if (route.kind === 'portForward') target.search = url.search;
    proxyStreamUpgrade(request, socket, head, target);
  }

  function authorizedRoute(request: IncomingMessage, url: URL): AgentRoute {
    const route = parseAgentRoute(url.pathname);
    if (!(request.socket instanceof TLSSocket)) throw new AgentHttpError(400, 'the agent serves HTTPS only');
    const check = checkApiServerClient(request.socket, request.method === 'GET' ? 'get' : 'create', route === undefined ? 'proxy' : SUBRESOURCE[route.kind]);
    if (!check.allowed) throw new AgentHttpError(check.statusCode, check.message);
    if (route === undefined) throw new AgentHttpError(404, '404 page not found');
    return route;
  }

  async function streamUrl(route: AgentRoute, query: URLSearchParams): Promise<string> {
    if (route.kind === 'containerLogs') throw new AgentHttpError(400, 'container logs are not served over an upgraded connection');
    if (route.kind === 'portForward') {
      const sandbox = await containers.readySandbox(route.pod);
      if (sandbox === undefined) throw new AgentHttpError(404, `pod ${route.pod.name} not found`);
      const ports = query.getAll('port').map(Number).filter((port) => Number.isInteger(port) && port > 0);
      return options.runtime.portForward(sandbox.id, ports);
    }
    const container = await containers.running(route.pod, route.container);
    if (container === undefined) {
      throw new AgentHttpError(400, `container ${route.container} is not running in pod ${route.pod.name}`);
    }
    const streams = { tty: flag(query, 'tty'), stdin: flag(query, 'stdin'), stdout: flag(query, 'stdout'), stderr: flag(query, 'stderr') };
    if (route.kind === 'attach') return options.runtime.attach({ containerId: container.id, ...streams });
    const command = query.getAll('command');
    if (command.length === 0) throw new AgentHttpError(400, 'you must specify at least 1 command');
    return options.runtime.exec({ containerId: container.id, command, ...streams });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  logger.info('agent server listening', { host: options.host, port });
  return { port, stop: () => stopServer(server, sockets) };
}

function flag(query: URLSearchParams, name: string): boolean {
  return ['1', 't', 'T', 'TRUE', 'true', 'True'].includes(query.get(name) ?? '');
}

function statusOf(error: unknown): { statusCode: number; message: string } {
  if (error instanceof AgentHttpError) return { statusCode: error.statusCode, message: error.message };
  return { statusCode: 500, message: errorMessage(error) };
}

function failResponse(response: ServerResponse, error: unknown, logger: Logger): void {
  const { statusCode, message } = statusOf(error);
  if (statusCode >= 500) logger.error('agent request failed', { error: message });
  if (response.headersSent) {
    response.destroy();
    return;
  }
  response.writeHead(statusCode, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(message) });
  response.end(message);
}

function failUpgrade(socket: Duplex, error: unknown, logger: Logger): void {
  const { statusCode, message } = statusOf(error);
  if (statusCode >= 500) logger.error('agent stream failed', { error: message });
  socket.end(
    `HTTP/1.1 ${statusCode} ${STATUS_TEXT[statusCode] ?? 'Error'}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(message)}\r\nConnection: close\r\n\r\n${message}`,
  );
}

const STATUS_TEXT: Partial<Record<number, string>> = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 500: 'Internal Server Error' };

function stopServer(server: Server, sockets: ReadonlySet<TLSSocket>): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => {
      resolve();
    });
    for (const socket of sockets) socket.destroy();
  });
}
