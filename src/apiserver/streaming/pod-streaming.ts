import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';
import { errorMessage } from '../../util/errors.js';
import type { Logger } from '../../util/logger.js';
import { ApiError, apiErrors } from '../http/api-error.js';
import type { Request, Response } from '../http/http-types.js';
import { parseBool, parseRequestInfo } from '../http/request-info.js';
import type { ObjectStore } from '../registry/object-store.js';
import { type AgentAddress, AgentClient, type AgentClientCredentials, type AgentUpgrade, readUpgradeErrorBody } from './agent-client.js';
import { servePodLog } from './pod-log.js';
import { podStreamTarget } from './pod-stream-target.js';
import { rejectUpgrade } from './reject-upgrade.js';
import { bridgeChannelsToSpdy } from './channel-to-spdy-bridge.js';
import { bridgeTunnel } from './websocket-tunnel-bridge.js';

export interface PodStreamingOptions {
  readonly store: ObjectStore;
  readonly logger: Logger;
  /** The API server's kubelet-client certificate; without it, logs and streams answer 503. */
  readonly agentCredentials?: AgentClientCredentials;
}

export const POD_STREAM_SUBRESOURCES = ['log', 'exec', 'attach', 'portforward'];

const V5 = 'v5.channel.k8s.io';
const V4 = 'v4.channel.k8s.io';
const SPDY_TUNNEL = 'SPDY/3.1+portforward.k8s.io';
/**
 * `ws` accepts only RFC 7230 tokens as subprotocols and SPDY_TUNNEL has a '/': the
 * handshake runs with this stand-in, put back in the response headers.
 */
const SPDY_TUNNEL_TOKEN = 'spdy-3.1-portforward.k8s.io';
/** Request headers an upgrade needs end to end when it is relayed as is. */
const UPGRADE_HEADERS = ['connection', 'upgrade', 'sec-websocket-key', 'sec-websocket-version', 'sec-websocket-protocol', 'x-stream-protocol-version'];
const AGENT_PATHS: Partial<Record<string, string>> = { exec: 'exec', attach: 'attach', portforward: 'portForward' };

/**
 * `pods/NAME/log`, `/exec`, `/attach` and `/portforward`, proxied to the agent of the
 * pod's node. Upgrades take one of three paths:
 * - WebSocket `v5.channel.k8s.io` (kubectl 1.30+ exec/attach): translated to the SPDY
 *   remote-command protocol towards the agent (the runtime's WebSocket v4 cannot carry
 *   v5's end of standard input, SPDY can);
 * - WebSocket `SPDY/3.1+portforward.k8s.io` (kubectl 1.31+ port-forward): the tunnelled
 *   SPDY bytes go to the agent over a plain SPDY upgrade;
 * - anything else (SPDY exec/attach/port-forward, WebSocket v4 and older): the upgrade
 *   request itself goes to the agent and both connections are joined byte for byte.
 */
export class PodStreaming {
  readonly #options: PodStreamingOptions;
  readonly #agents: AgentClient | undefined;
  readonly #websockets = new WebSocketServer({
    noServer: true,
    perMessageDeflate: false,
    handleProtocols: (offered) => [V5, SPDY_TUNNEL_TOKEN].find((protocol) => offered.has(protocol)) ?? false,
  });

  constructor(options: PodStreamingOptions) {
    this.#options = options;
    this.#websockets.on('headers', (headers: string[]) => {
      const index = headers.indexOf(`Sec-WebSocket-Protocol: ${SPDY_TUNNEL_TOKEN}`);
      if (index >= 0) headers[index] = `Sec-WebSocket-Protocol: ${SPDY_TUNNEL}`;
    });
    this.#agents = options.agentCredentials === undefined ? undefined : new AgentClient(options.agentCredentials);
  }

  /** A plain (not upgraded) request for one of the pod stream subresources. */
  async serveRequest(exchange: { request: Request; response: Response; url: URL }, subresource: string, namespace: string, name: string): Promise<void> {
    if (subresource === 'log') {
      await servePodLog({ store: this.#options.store, agents: this.#agents }, exchange, namespace, name);
      return;
    }
    throw apiErrors.badRequest('Upgrade request required');
  }

  /** An HTTP/1.1 upgrade request (already authenticated); answers it itself, also on failure. */
  async serveUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    try {
      await this.#upgrade(request, socket, head);
    } catch (error) {
      const apiError = error instanceof ApiError ? error : apiErrors.internal(errorMessage(error), error);
      if (apiError.httpCode >= 500) this.#options.logger.error('pod stream failed', { path: request.url, error: errorMessage(error) });
      if (socket.writable) rejectUpgrade(socket, apiError);
    }
  }

  async #upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const url = new URL(request.url ?? '/', 'https://tugboat.invalid');
    const info = parseRequestInfo(request.method ?? 'GET', url);
    const agentPath = info.kind === 'resource' && info.group === '' && info.resource === 'pods' ? AGENT_PATHS[info.subresource ?? ''] : undefined;
    if (info.kind !== 'resource' || agentPath === undefined || info.namespace === undefined || info.name === undefined) throw apiErrors.notFoundPath();
    const { namespace, name } = info;
    const query = new URLSearchParams(url.searchParams);
    const target = await podStreamTarget(this.#options.store, namespace, name, agentPath === 'portForward' ? '' : (query.get('container') ?? ''));
    if (target.agent === undefined) throw apiErrors.badRequest(`pod ${name} does not have a host assigned`);
    if (this.#agents === undefined) throw apiErrors.unavailable('this API server has no credentials for reaching agents');
    query.delete('container');
    const segments = agentPath === 'portForward' ? [namespace, name] : [namespace, name, target.container];
    const path = `/${agentPath}/${segments.map(encodeURIComponent).join('/')}${query.size > 0 ? `?${query.toString()}` : ''}`;
    const offered = (request.headers['sec-websocket-protocol'] ?? '').split(',').map((protocol) => protocol.trim());
    const webSocket = request.headers.upgrade?.toLowerCase() === 'websocket';
    if (webSocket && agentPath === 'portForward' && offered.includes(SPDY_TUNNEL)) {
      await this.#tunnel(request, socket, head, target.agent, path);
    } else if (webSocket && agentPath !== 'portForward' && offered.includes(V5)) {
      await this.#bridgeV5(request, socket, head, target.agent, path, query);
    } else {
      await this.#relay(request, socket, head, target.agent, path);
    }
  }

  async #relay(request: IncomingMessage, socket: Duplex, head: Buffer, agent: AgentAddress, path: string): Promise<void> {
    const headers: [string, string][] = [];
    for (let index = 0; index < request.rawHeaders.length; index += 2) {
      const name = request.rawHeaders[index] ?? '';
      if (UPGRADE_HEADERS.includes(name.toLowerCase())) headers.push([name, request.rawHeaders[index + 1] ?? '']);
    }
    const upgrade = await this.#agents?.upgrade(agent, { method: request.method ?? 'GET', path, headers });
    if (upgrade === undefined) return;
    socket.write(Buffer.concat([upgrade.head, upgrade.rest]));
    if (head.length > 0) upgrade.socket.write(head);
    joinSockets(socket, upgrade);
  }

  async #tunnel(request: IncomingMessage, socket: Duplex, head: Buffer, agent: AgentAddress, path: string): Promise<void> {
    const upgrade = await this.#agents?.upgrade(agent, {
      method: 'POST',
      path,
      headers: [['Connection', 'Upgrade'], ['Upgrade', 'SPDY/3.1'], ['X-Stream-Protocol-Version', 'portforward.k8s.io']],
    });
    if (upgrade === undefined) return;
    if (upgrade.statusCode !== 101) throw agentError(upgrade.statusCode, await readUpgradeErrorBody(upgrade));
    request.headers['sec-websocket-protocol'] = SPDY_TUNNEL_TOKEN;
    this.#websockets.handleUpgrade(request, socket, head, (client) => {
      bridgeTunnel(client, upgrade.socket, upgrade.rest);
    });
  }

  async #bridgeV5(request: IncomingMessage, socket: Duplex, head: Buffer, agent: AgentAddress, path: string, query: URLSearchParams): Promise<void> {
    const upgrade = await this.#agents?.upgrade(agent, {
      method: 'POST',
      path,
      headers: [['Connection', 'Upgrade'], ['Upgrade', 'SPDY/3.1'], ['X-Stream-Protocol-Version', V4]],
    });
    if (upgrade === undefined) return;
    if (upgrade.statusCode !== 101) throw agentError(upgrade.statusCode, await readUpgradeErrorBody(upgrade));
    const streams = { stdin: parseBool(query.get('stdin')), stdout: parseBool(query.get('stdout')), stderr: parseBool(query.get('stderr')), tty: parseBool(query.get('tty')) };
    this.#websockets.handleUpgrade(request, socket, head, (client: WebSocket) => {
      bridgeChannelsToSpdy(client, upgrade.socket, upgrade.rest, streams);
    });
  }
}

function agentError(statusCode: number, body: string): ApiError {
  const message = body.trim();
  if (statusCode === 400) return apiErrors.badRequest(message);
  if (statusCode === 404) return new ApiError(404, 'NotFound', message);
  return apiErrors.internal(`the agent answered ${statusCode}: ${message}`);
}

function joinSockets(client: Duplex, upgrade: AgentUpgrade): void {
  const upstream = upgrade.socket;
  upstream.pipe(client);
  client.pipe(upstream);
  upstream.resume();
  upstream.on('error', () => client.destroy());
  client.on('error', () => upstream.destroy());
  upstream.on('close', () => client.end());
  client.on('close', () => upstream.destroy());
}
