import type { IncomingMessage } from 'node:http';
import { ApiError, apiErrors } from '../http/api-error.js';
import type { Request, Response } from '../http/http-types.js';
import type { ObjectStore } from '../registry/object-store.js';
import type { AgentClient } from './agent-client.js';
import { podStreamTarget } from './pod-stream-target.js';

/** The PodLogOptions query parameters handed on to the agent. */
const LOG_OPTIONS = ['follow', 'previous', 'tailLines', 'timestamps', 'sinceSeconds', 'sinceTime', 'limitBytes'];

const REASONS: Partial<Record<number, string>> = { 401: 'Unauthorized', 403: 'Forbidden', 404: 'NotFound' };

/**
 * `GET pods/NAME/log`: streams the container's log from its node's agent as plain
 * text. A pod not yet bound to a node has no log yet (an empty answer, as upstream).
 * The agent's error answers become Status errors with its code and message.
 */
export async function servePodLog(
  context: { store: ObjectStore; agents: AgentClient | undefined },
  exchange: { request: Request; response: Response; url: URL },
  namespace: string,
  name: string,
): Promise<void> {
  const { request, response, url } = exchange;
  if (request.method !== 'GET') throw apiErrors.methodNotAllowed(request.method, 'pods/log');
  const query = url.searchParams;
  if (query.has('sinceSeconds') && query.has('sinceTime')) throw apiErrors.unprocessable('at most one of `sinceTime` or `sinceSeconds` may be specified');
  const target = await podStreamTarget(context.store, namespace, name, query.get('container') ?? '');
  if (target.agent === undefined) {
    response.writeHead(200, { 'content-type': 'text/plain' });
    response.end();
    return;
  }
  if (context.agents === undefined) throw apiErrors.unavailable('this API server has no credentials for reaching agents');
  const forwarded = new URLSearchParams();
  for (const option of LOG_OPTIONS) {
    const value = query.get(option);
    if (value !== null) forwarded.set(option, value);
  }
  const path = `/containerLogs/${[target.namespace, target.pod, target.container].map(encodeURIComponent).join('/')}?${forwarded.toString()}`;
  const abort = new AbortController();
  response.on('close', () => {
    abort.abort();
  });
  let upstream: IncomingMessage;
  try {
    upstream = await context.agents.get(target.agent, path, abort.signal);
  } catch (error) {
    throw apiErrors.internal(`error dialing the agent of pod ${name}: ${(error as Error).message}`, error);
  }
  const status = upstream.statusCode ?? 500;
  if (status !== 200) {
    const body = (await readText(upstream)).trim();
    if (status === 400) throw apiErrors.badRequest(body);
    if (status === 500) throw apiErrors.internal(body);
    throw new ApiError(status, REASONS[status] ?? 'InternalError', body, { name, kind: 'pods/log' });
  }
  response.writeHead(200, { 'content-type': 'text/plain' });
  for await (const chunk of upstream) {
    if (!response.write(chunk as Buffer)) await new Promise((resolve) => response.once('drain', resolve));
  }
  response.end();
}

async function readText(message: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of message) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
