import type { ServerResponse } from 'node:http';
import type { ContainerRuntime } from '../runtime/container-runtime.js';
import { AgentHttpError } from './agent-http-error.js';
import { readCriLog, type CriLogReadOptions } from './cri-log-reader.js';
import type { PodContainers, PodRef } from './pod-containers.js';

export interface ContainerLogsRequest {
  readonly runtime: ContainerRuntime;
  readonly containers: PodContainers;
  readonly pod: PodRef;
  readonly container: string;
  readonly query: URLSearchParams;
  readonly response: ServerResponse;
  /** Aborted when the client goes away. */
  readonly signal: AbortSignal;
  readonly now: () => number;
}

/** Serves `/containerLogs/{ns}/{pod}/{container}` as the kubelet does, from the CRI log files. */
export async function containerLogs(request: ContainerLogsRequest): Promise<void> {
  const { runtime, pod, container, query } = request;
  const previous = flag(query, 'previous');
  const attempts = await request.containers.attempts(pod, container);
  const target = previous ? attempts[1] : attempts[0];
  if (target === undefined) {
    throw new AgentHttpError(
      400,
      previous
        ? `previous terminated container "${container}" in pod "${pod.name}" not found`
        : `container "${container}" in pod "${pod.name}" is waiting to start: ContainerCreating`,
    );
  }
  const status = await runtime.containerStatus(target.id);
  const options = readOptions(query, request.now());
  const follow = flag(query, 'follow') && !previous && status.state === 'running';
  request.response.writeHead(200, { 'content-type': 'text/plain' });
  request.response.flushHeaders();
  try {
    await readCriLog(
      status.logPath,
      options,
      (chunk) => writeChunk(request.response, chunk),
      follow
        ? { isRunning: async () => (await runtime.containerStatus(target.id)).state === 'running', signal: request.signal }
        : undefined,
    );
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  request.response.end();
}

function readOptions(query: URLSearchParams, now: number): CriLogReadOptions {
  const tailLines = integer(query, 'tailLines');
  const limitBytes = integer(query, 'limitBytes');
  const sinceSeconds = integer(query, 'sinceSeconds');
  const sinceTimeText = query.get('sinceTime');
  const sinceTime = sinceSeconds !== undefined ? now - sinceSeconds * 1000 : sinceTimeText === null ? undefined : Date.parse(sinceTimeText);
  if (sinceTime !== undefined && Number.isNaN(sinceTime)) throw new AgentHttpError(400, `invalid sinceTime ${JSON.stringify(sinceTimeText)}`);
  return {
    timestamps: flag(query, 'timestamps'),
    ...(tailLines === undefined ? {} : { tailLines }),
    ...(limitBytes === undefined ? {} : { limitBytes }),
    ...(sinceTime === undefined ? {} : { sinceTime }),
  };
}

function flag(query: URLSearchParams, name: string): boolean {
  return ['1', 't', 'T', 'TRUE', 'true', 'True'].includes(query.get(name) ?? '');
}

function integer(query: URLSearchParams, name: string): number | undefined {
  const text = query.get(name);
  if (text === null || text === '') return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0) throw new AgentHttpError(400, `invalid ${name} ${JSON.stringify(text)}: must be a non-negative integer`);
  return value;
}

function writeChunk(response: ServerResponse, chunk: Buffer): Promise<void> | undefined {
  if (response.write(chunk)) return undefined;
  return new Promise((resolve) => {
    const done = (): void => {
      response.off('drain', done);
      response.off('close', done);
      resolve();
    };
    response.on('drain', done);
    response.on('close', done);
  });
}
