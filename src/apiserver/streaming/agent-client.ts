import type { IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { connect, type TLSSocket } from 'node:tls';

export interface AgentAddress {
  readonly host: string;
  readonly port: number;
}

export interface AgentClientCredentials {
  /** The kubelet-client certificate (CN kube-apiserver-kubelet-client, O system:masters). */
  readonly certPem: string;
  readonly keyPem: string;
}

/** An upgrade request answered: the connection, the status and what followed the response head. */
export interface AgentUpgrade {
  readonly socket: TLSSocket;
  readonly statusCode: number;
  /** The raw response head, through its blank line. */
  readonly head: Buffer;
  /** Bytes read past the head (stream data, or the start of an error body). */
  readonly rest: Buffer;
}

const HEAD_END = Buffer.from('\r\n\r\n');
const MAX_HEAD_BYTES = 64 * 1024;

/**
 * Calls agents with the API server's kubelet-client certificate. Like upstream's
 * default, it does not verify the agent's serving certificate.
 */
export class AgentClient {
  readonly #credentials: AgentClientCredentials;

  constructor(credentials: AgentClientCredentials) {
    this.#credentials = credentials;
  }

  get(agent: AgentAddress, path: string, signal: AbortSignal): Promise<IncomingMessage> {
    return new Promise((resolve, reject) => {
      const request = httpsRequest({ ...this.#tls(agent), path, method: 'GET', signal }, resolve);
      request.on('error', reject);
      request.end();
    });
  }

  /** Sends an HTTP/1.1 upgrade request and reads the response head, leaving the socket open. */
  upgrade(agent: AgentAddress, options: { method: string; path: string; headers: readonly (readonly [string, string])[] }): Promise<AgentUpgrade> {
    return new Promise((resolve, reject) => {
      const socket = connect({ ...this.#tls(agent), ALPNProtocols: ['http/1.1'] });
      let received = Buffer.alloc(0);
      const onData = (chunk: Buffer): void => {
        received = Buffer.concat([received, chunk]);
        const end = received.indexOf(HEAD_END);
        if (end < 0) {
          if (received.length > MAX_HEAD_BYTES) fail(new Error('the agent sent an oversized response head'));
          return;
        }
        socket.off('data', onData);
        socket.off('error', fail);
        socket.off('close', onClose);
        socket.pause();
        const head = received.subarray(0, end + HEAD_END.length);
        const statusCode = Number(/^HTTP\/1\.[01] (\d{3})/.exec(head.toString('latin1'))?.[1] ?? 0);
        resolve({ socket, statusCode, head, rest: received.subarray(end + HEAD_END.length) });
      };
      const fail = (error: Error): void => {
        socket.destroy();
        reject(error);
      };
      const onClose = (): void => {
        fail(new Error('the agent closed the connection before answering'));
      };
      socket.on('data', onData);
      socket.on('error', fail);
      socket.on('close', onClose);
      socket.on('secureConnect', () => {
        const lines = [`${options.method} ${options.path} HTTP/1.1`, `Host: ${hostHeader(agent)}`, ...options.headers.map(([name, value]) => `${name}: ${value}`)];
        socket.write(`${lines.join('\r\n')}\r\n\r\n`);
      });
    });
  }

  #tls(agent: AgentAddress): { host: string; port: number; cert: string; key: string; rejectUnauthorized: false } {
    return { host: agent.host, port: agent.port, cert: this.#credentials.certPem, key: this.#credentials.keyPem, rejectUnauthorized: false };
  }
}

function hostHeader(agent: AgentAddress): string {
  return `${agent.host.includes(':') ? `[${agent.host}]` : agent.host}:${agent.port}`;
}

/** Reads what remains of an error response (up to a limit) after its head. */
export async function readUpgradeErrorBody(upgrade: AgentUpgrade, limit = 64 * 1024): Promise<string> {
  const chunks: Buffer[] = [upgrade.rest];
  let length = upgrade.rest.length;
  upgrade.socket.resume();
  await new Promise<void>((resolve) => {
    upgrade.socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      length += chunk.length;
      if (length >= limit) upgrade.socket.destroy();
    });
    upgrade.socket.on('close', () => {
      resolve();
    });
    upgrade.socket.on('error', () => {
      resolve();
    });
  });
  return Buffer.concat(chunks).subarray(0, limit).toString('utf8');
}
