import type { Http2ServerRequest, Http2ServerResponse } from 'node:http2';

/** Requests and responses as the server sees them (HTTP/2, or HTTP/1.1 through the compat API). */
export type Request = Http2ServerRequest;
export type Response = Http2ServerResponse;

/** Who made a request. */
export interface UserInfo {
  readonly user: string;
  readonly groups: readonly string[];
}
