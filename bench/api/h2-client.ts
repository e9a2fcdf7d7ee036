import { type ClientHttp2Session, type ClientHttp2Stream, type OutgoingHttpHeaders, connect, constants } from 'node:http2';
import { once } from 'node:events';
import type { Credentials } from './tug-process.js';

export interface Reply {
  readonly status: number;
  readonly body: Buffer;
}

/**
 * Go's HTTP/2 transport (client-go) asks for a 4 MiB stream window; Node's default is
 * 64 KiB. The larger window keeps a big list response from stalling on flow control.
 */
const STREAM_WINDOW_BYTES = 4 * 1024 * 1024;
/**
 * Streams the client allows itself on one session before the server's SETTINGS say
 * otherwise (Node's default is 100); tug's server announces no lower limit.
 */
const PEER_MAX_STREAMS = 1000;

/**
 * A few HTTP/2 sessions to the server, authenticated with the admin client
 * certificate, that requests are spread over round-robin: the way client-go
 * multiplexes its requests over one connection per client.
 */
export class H2Pool {
  readonly #sessions: readonly ClientHttp2Session[];
  #next = 0;
  #failure: Error | undefined;

  private constructor(sessions: readonly ClientHttp2Session[]) {
    this.#sessions = sessions;
    for (const session of sessions) {
      // A session error also fails its streams; keep the first for the report.
      session.on('error', (error: Error) => (this.#failure ??= error));
    }
  }

  static async open(url: string, credentials: Credentials, count: number): Promise<H2Pool> {
    const sessions: ClientHttp2Session[] = [];
    try {
      for (let i = 0; i < count; i++) {
        const session = connect(url, {
          ...credentials,
          peerMaxConcurrentStreams: PEER_MAX_STREAMS,
          settings: { initialWindowSize: STREAM_WINDOW_BYTES },
        });
        sessions.push(session);
        await once(session, 'connect');
      }
    } catch (error) {
      for (const session of sessions) session.destroy();
      throw error;
    }
    return new H2Pool(sessions);
  }

  get size(): number {
    return this.#sessions.length;
  }

  /** The first session error, if a session failed. */
  get failure(): Error | undefined {
    return this.#failure;
  }

  /** Opens a stream on session `index` (or the next one, round-robin). */
  stream(method: string, path: string, headers: OutgoingHttpHeaders = {}, index?: number): ClientHttp2Stream {
    const which = index ?? this.#next++;
    const session = this.#sessions[which % this.#sessions.length];
    if (session === undefined) throw new Error('the pool has no sessions');
    return session.request({ ':method': method, ':path': path, ...headers }, { endStream: method === 'GET' });
  }

  /** One request; resolves with the status and the whole body once the stream ends. */
  request(method: string, path: string, body?: string, headers: OutgoingHttpHeaders = {}): Promise<Reply> {
    return new Promise<Reply>((resolve, reject) => {
      const stream = this.stream(method, path, body === undefined ? headers : { 'content-type': 'application/json', ...headers });
      let status = 0;
      let settled = false;
      const chunks: Buffer[] = [];
      stream.on('response', (responseHeaders) => (status = responseHeaders[':status'] ?? 0));
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        settled = true;
        resolve({ status, body: Buffer.concat(chunks) });
      });
      stream.on('error', (error: Error) => {
        settled = true;
        reject(error);
      });
      stream.on('close', () => {
        if (!settled) reject(new Error(`${method} ${path}: stream closed (code ${stream.rstCode}) before its end`));
      });
      if (method !== 'GET') stream.end(body);
    });
  }

  /** Closes every session, cancelling streams still open (watches). */
  async close(): Promise<void> {
    await Promise.all(
      this.#sessions.map(async (session) => {
        if (session.destroyed) return;
        const closed = once(session, 'close').catch(() => undefined);
        session.close();
        // Open watch streams would keep a graceful close waiting; cut them off.
        const timer = setTimeout(() => {
          session.destroy(undefined, constants.NGHTTP2_CANCEL);
        }, 1000);
        await closed;
        clearTimeout(timer);
      }),
    );
  }
}

/** Parses a reply's JSON body, failing with the status and start of the body. */
export function expectJson(reply: Reply, status: number, what: string): Record<string, unknown> {
  const text = reply.body.toString();
  if (reply.status !== status) throw new Error(`${what}: HTTP ${reply.status} (wanted ${status}): ${text.slice(0, 300)}`);
  return JSON.parse(text) as Record<string, unknown>;
}

/** metadata.resourceVersion of a JSON object or list. */
export function resourceVersionOf(object: Record<string, unknown>): string {
  const metadata = object.metadata as { resourceVersion?: unknown } | undefined;
  const rv = metadata?.resourceVersion;
  if (typeof rv !== 'string' || rv === '') throw new Error('the reply has no metadata.resourceVersion');
  return rv;
}
