import { connect, constants, type ClientHttp2Session, type ClientHttp2Stream } from 'node:http2';
import { createInterface } from 'node:readline';
import type { RestRequest, RestResponse, RestStream, RestTransport } from './rest-transport.js';

export interface Http2TransportOptions {
  /** `https://host:port` */
  readonly server: string;
  readonly caPem: string;
  readonly clientCertPem?: string;
  readonly clientKeyPem?: string;
  readonly bearerToken?: string;
  /** Milliseconds a plain request may take before it fails. */
  readonly requestTimeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 60_000;
const SESSION_MEMORY_MB = 256;

/**
 * Talks to the API server over one multiplexed HTTP/2 TLS connection, opened on first
 * use and again after it drops.
 */
export class Http2Transport implements RestTransport {
  readonly #options: Http2TransportOptions;
  #session: ClientHttp2Session | undefined;
  #closed = false;

  constructor(options: Http2TransportOptions) {
    this.#options = options;
  }

  async request(request: RestRequest): Promise<RestResponse> {
    const stream = this.#open(request);
    const timeoutMs = this.#options.requestTimeoutMs ?? DEFAULT_TIMEOUT_MS;
    return await new Promise<RestResponse>((resolve, reject) => {
      let status = 0;
      const chunks: Buffer[] = [];
      stream.setTimeout(timeoutMs, () => {
        stream.close(constants.NGHTTP2_CANCEL);
        reject(new Error(`${request.method} ${request.path}: no answer within ${timeoutMs} ms`));
      });
      stream.on('response', (headers) => {
        status = Number(headers[':status']);
      });
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if (status === 0) {
          reject(new Error(`${request.method} ${request.path}: the stream ended without a response (code ${stream.rstCode})`));
          return;
        }
        resolve({ status, body: Buffer.concat(chunks).toString('utf8') });
      });
      stream.on('error', reject);
    });
  }

  async stream(request: RestRequest): Promise<RestStream> {
    const stream = this.#open(request);
    const status = await new Promise<number>((resolve, reject) => {
      stream.once('response', (headers) => {
        stream.off('error', reject);
        resolve(Number(headers[':status']));
      });
      stream.once('error', reject);
    });
    stream.on('error', () => {
      // A reset stream just ends the lines; the caller sees the end and reconnects.
    });
    stream.setEncoding('utf8');
    const lines = createInterface({ input: stream, crlfDelay: Infinity });
    return {
      status,
      lines,
      close: () => {
        lines.close();
        if (!stream.closed) stream.close(constants.NGHTTP2_CANCEL);
      },
    };
  }

  async close(): Promise<void> {
    this.#closed = true;
    const session = this.#session;
    this.#session = undefined;
    if (session === undefined || session.closed) return;
    await new Promise<void>((resolve) => {
      session.close(() => {
        resolve();
      });
      setTimeout(() => {
        session.destroy();
        resolve();
      }, 1000).unref();
    });
  }

  #open(request: RestRequest): ClientHttp2Stream {
    const headers: Record<string, string> = {
      ':method': request.method,
      ':path': request.path,
      accept: 'application/json',
    };
    if (request.contentType !== undefined) headers['content-type'] = request.contentType;
    if (this.#options.bearerToken !== undefined) headers.authorization = `Bearer ${this.#options.bearerToken}`;
    const stream = this.#connection().request(headers, { endStream: request.body === undefined });
    if (request.body !== undefined) stream.end(request.body);
    return stream;
  }

  #connection(): ClientHttp2Session {
    if (this.#closed) throw new Error('the API client is closed');
    const current = this.#session;
    if (current !== undefined && !current.closed && !current.destroyed) return current;
    const session = connect(this.#options.server, {
      // Informers keep many watch streams open and a busy controller queues many writes
      // on one connection: Node's default 10 MB session budget is too small for that.
      maxSessionMemory: SESSION_MEMORY_MB,
      ca: this.#options.caPem,
      ...(this.#options.clientCertPem === undefined ? {} : { cert: this.#options.clientCertPem }),
      ...(this.#options.clientKeyPem === undefined ? {} : { key: this.#options.clientKeyPem }),
    });
    session.on('error', () => {
      // Requests on the session see the failure themselves; the next one reconnects.
    });
    session.on('close', () => {
      if (this.#session === session) this.#session = undefined;
    });
    this.#session = session;
    return session;
  }
}
