import {
  AGGREGATED_DISCOVERY_TYPE,
  aggregatedDiscovery,
  apiGroup,
  coreVersions,
  groupList,
  resourceList,
  wantsAggregatedDiscovery,
} from '../discovery/discovery.js';
import { apiErrors } from './api-error.js';
import type { Request, Response } from './http-types.js';
import { OpenApiV2Endpoint } from './openapi-v2-endpoint.js';
import type { RequestMetrics } from './request-metrics.js';
import { sendJson, sendText } from './respond.js';

export interface OpenApiSource {
  index(): unknown;
  /** The document of a group-version ('' = core) as JSON text, or undefined if not served. */
  documentJson(group: string, version: string): string | undefined;
}

export interface NonResourceOptions {
  readonly version: Record<string, string>;
  readonly openApi: OpenApiSource;
  readonly metrics: RequestMetrics;
  readonly serverAddress: () => string;
}

const HEALTH_CHECKS = ['ping', 'log', 'etcd', 'poststarthook/start-apiserver'];

/** Discovery, OpenAPI, health, version and metrics. */
export class NonResourceHandler {
  readonly #options: NonResourceOptions;
  readonly #openApiV2 = new OpenApiV2Endpoint();

  constructor(options: NonResourceOptions) {
    this.#options = options;
  }

  handle(request: Request, response: Response, url: URL): void {
    if (request.method !== 'GET' && request.method !== 'HEAD') throw apiErrors.methodNotAllowed(request.method, url.pathname);
    const path = url.pathname.replace(/\/+$/, '') || '/';
    const health = /^\/(healthz|livez|readyz)(\/.*)?$/.exec(path);
    if (health !== null) {
      this.#health(response, url, health[2]);
      return;
    }
    const accept = request.headers.accept;
    const parts = path.split('/').filter((part) => part !== '');
    if (path === '/version') {
      sendJson(response, 200, this.#options.version);
      return;
    }
    if (path === '/metrics') {
      sendText(response, 200, this.#options.metrics.render());
      return;
    }
    if (path === '/api') {
      if (wantsAggregatedDiscovery(accept)) {
        sendJson(response, 200, aggregatedDiscovery(true), AGGREGATED_DISCOVERY_TYPE);
        return;
      }
      sendJson(response, 200, coreVersions(this.#options.serverAddress()));
      return;
    }
    if (path === '/apis') {
      if (wantsAggregatedDiscovery(accept)) {
        sendJson(response, 200, aggregatedDiscovery(false), AGGREGATED_DISCOVERY_TYPE);
        return;
      }
      sendJson(response, 200, groupList());
      return;
    }
    if (parts[0] === 'api' && parts.length === 2) {
      this.#found(response, resourceList('', parts[1] ?? ''));
      return;
    }
    if (parts[0] === 'apis' && parts.length === 2) {
      this.#found(response, apiGroup(parts[1] ?? ''));
      return;
    }
    if (parts[0] === 'apis' && parts.length === 3) {
      this.#found(response, resourceList(parts[1] ?? '', parts[2] ?? ''));
      return;
    }
    if (path === '/openapi/v2') {
      this.#openApiV2.serve(request, response);
      return;
    }
    if (path === '/openapi/v3') {
      sendJson(response, 200, this.#options.openApi.index());
      return;
    }
    if (parts[0] === 'openapi' && parts[1] === 'v3') {
      const [, , root, ...rest] = parts;
      const groupVersion = root === 'api' && rest.length === 1 ? ['', rest[0] ?? ''] : root === 'apis' && rest.length === 2 ? rest : undefined;
      const json = groupVersion === undefined ? undefined : this.#options.openApi.documentJson(groupVersion[0] ?? '', groupVersion[1] ?? '');
      if (json !== undefined) {
        // Documents are addressed by content hash, so a client may cache them for good.
        const immutable = url.searchParams.has('hash');
        response.writeHead(200, {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(json),
          'cache-control': immutable ? 'public, immutable' : 'no-cache, private',
        });
        response.end(json);
        return;
      }
    }
    throw apiErrors.notFoundPath();
  }

  #found(response: Response, body: unknown): void {
    if (body === undefined) throw apiErrors.notFoundPath();
    sendJson(response, 200, body);
  }

  #health(response: Response, url: URL, check: string | undefined): void {
    if (check !== undefined && !HEALTH_CHECKS.includes(check.slice(1))) throw apiErrors.notFoundPath();
    if (url.searchParams.has('verbose')) {
      const lines = (check === undefined ? HEALTH_CHECKS : [check.slice(1)]).map((name) => `[+]${name} ok`);
      sendText(response, 200, `${lines.join('\n')}\nhealthz check passed\n`);
      return;
    }
    sendText(response, 200, 'ok');
  }
}
