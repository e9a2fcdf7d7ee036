import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { connect } from 'node:net';
import type { Pod } from '../../api/kinds.js';
import { errorMessage } from '../../util/errors.js';
import type { ContainerRuntime } from '../runtime/container-runtime.js';
import { RuntimeTimeoutError } from '../runtime/runtime-errors.js';
import type { PodContainer } from '../volumes/pod-volumes.js';
import type { ProbeOutcome } from './probe-result.js';

type Probe = NonNullable<PodContainer['livenessProbe']>;
type LifecycleHandler = NonNullable<NonNullable<PodContainer['lifecycle']>['postStart']>;

export interface ProbeTarget {
  readonly runtime: ContainerRuntime;
  readonly pod: Pod;
  readonly container: PodContainer;
  readonly containerId: string;
  readonly podIp: string;
}

/** Runs one probe (or lifecycle handler) action: exec, httpGet or tcpSocket. */
export async function runProbe(action: Probe | LifecycleHandler, target: ProbeTarget, timeoutSeconds: number): Promise<ProbeOutcome> {
  if (action.exec !== undefined) return execAction(action.exec.command ?? [], target, timeoutSeconds);
  if (action.httpGet !== undefined) return httpAction(action.httpGet, target, timeoutSeconds);
  if (action.tcpSocket !== undefined) return tcpAction(action.tcpSocket, target, timeoutSeconds);
  return { success: false, output: 'probe has no supported handler (exec, httpGet, tcpSocket)' };
}

async function execAction(command: readonly string[], target: ProbeTarget, timeoutSeconds: number): Promise<ProbeOutcome> {
  try {
    const result = await target.runtime.execSync(target.containerId, command, timeoutSeconds);
    const output = Buffer.concat([result.stdout, result.stderr]).toString('utf8');
    return { success: result.exitCode === 0, output: result.exitCode === 0 ? output : output === '' ? `command ${JSON.stringify(command.join(' '))} exited with ${result.exitCode}` : output };
  } catch (error) {
    if (error instanceof RuntimeTimeoutError) return { success: false, output: `command timed out after ${timeoutSeconds}s` };
    return { success: false, output: errorMessage(error) };
  }
}

function resolvePort(port: number | string, container: PodContainer): number | undefined {
  if (typeof port === 'number') return port;
  if (/^\d+$/.test(port)) return Number(port);
  return container.ports?.find((entry) => entry.name === port)?.containerPort;
}

type HttpGet = NonNullable<Probe['httpGet']>;

async function httpAction(action: HttpGet, target: ProbeTarget, timeoutSeconds: number): Promise<ProbeOutcome> {
  const port = resolvePort(action.port, target.container);
  if (port === undefined) return { success: false, output: `unknown port ${String(action.port)}` };
  const host = action.host ?? (target.podIp === '' ? '127.0.0.1' : target.podIp);
  const path = action.path ?? '/';
  const secure = action.scheme === 'HTTPS';
  const url = `${secure ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}:${port}${path.startsWith('/') ? path : `/${path}`}`;
  const headers: Record<string, string> = { 'User-Agent': 'kube-probe/1.32', Accept: '*/*' };
  for (const header of action.httpHeaders ?? []) headers[header.name] = header.value;
  return new Promise((resolve) => {
    const request = (secure ? httpsRequest : httpRequest)(url, { method: 'GET', headers, timeout: timeoutSeconds * 1000, rejectUnauthorized: false }, (response) => {
      const status = response.statusCode ?? 0;
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        if (body.length < 10_240) body += chunk;
      });
      response.on('end', () => {
        resolve(status >= 200 && status < 400 ? { success: true, output: body } : { success: false, output: `HTTP probe failed with statuscode: ${status}` });
      });
      response.on('error', (error) => {
        resolve({ success: false, output: `Get "${url}": ${error.message}` });
      });
    });
    request.on('timeout', () => {
      request.destroy(new Error(`context deadline exceeded (Client.Timeout exceeded while awaiting headers)`));
    });
    request.on('error', (error) => {
      resolve({ success: false, output: `Get "${url}": ${error.message}` });
    });
    request.end();
  });
}

type TcpSocket = NonNullable<Probe['tcpSocket']>;

async function tcpAction(action: TcpSocket, target: ProbeTarget, timeoutSeconds: number): Promise<ProbeOutcome> {
  const port = resolvePort(action.port, target.container);
  if (port === undefined) return { success: false, output: `unknown port ${String(action.port)}` };
  const host = action.host ?? (target.podIp === '' ? '127.0.0.1' : target.podIp);
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: timeoutSeconds * 1000 });
    socket.once('connect', () => {
      socket.destroy();
      resolve({ success: true, output: '' });
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve({ success: false, output: `dial tcp ${host}:${port}: i/o timeout` });
    });
    socket.once('error', (error) => {
      resolve({ success: false, output: `dial tcp ${host}:${port}: ${error.message}` });
    });
  });
}
