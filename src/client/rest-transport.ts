/** One HTTP request to the API server, relative to its base URL. */
export interface RestRequest {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Path plus query string, e.g. `/api/v1/namespaces/default/pods?limit=500`. */
  readonly path: string;
  readonly body?: string;
  readonly contentType?: string;
}

export interface RestResponse {
  readonly status: number;
  readonly body: string;
}

/** A response whose body arrives as a stream of lines (watch). */
export interface RestStream {
  readonly status: number;
  /** Lines of the body as they arrive; ends when the server closes the stream. */
  readonly lines: AsyncIterable<string>;
  /** Stops reading; `lines` then ends. */
  close(): void;
}

/**
 * How the client reaches the API server. Implementations retry nothing: a request
 * either gets a response (any status) or rejects with a connection error.
 */
export interface RestTransport {
  request(request: RestRequest): Promise<RestResponse>;
  /** Opens a long-lived GET; resolves once the response headers arrive. */
  stream(request: RestRequest): Promise<RestStream>;
  close(): Promise<void>;
}
