import type { RestRequest, RestResponse, RestStream, RestTransport } from '../../client/rest-transport.js';
import { ApiClient } from '../../client/api-client.js';
import type { Clock } from '../../util/clock.js';

/**
 * An in-memory API for volume tests: GETs of objects put with `put`, 404 for the rest,
 * and TokenRequests answered with numbered tokens (`token-1`, ...).
 */
export class FakeApi implements RestTransport {
  readonly client: ApiClient;
  readonly tokenRequests: Record<string, unknown>[] = [];
  readonly #objects = new Map<string, unknown>();
  readonly #clock: Clock;

  constructor(clock: Clock) {
    this.#clock = clock;
    this.client = new ApiClient({ transport: this, fieldManager: 'test' });
  }

  /** Stores an object at its REST path, e.g. `/api/v1/namespaces/default/configmaps/app`. */
  put(path: string, object: Record<string, unknown>): void {
    this.#objects.set(path, object);
  }

  request(request: RestRequest): Promise<RestResponse> {
    const path = request.path.split('?')[0] ?? '';
    if (request.method === 'POST' && path.endsWith('/token')) {
      const body = JSON.parse(request.body ?? '{}') as { spec: { expirationSeconds: number } };
      this.tokenRequests.push(body);
      const expiration = new Date(this.#clock.now() + body.spec.expirationSeconds * 1000).toISOString();
      const answer = { ...body, status: { token: `token-${this.tokenRequests.length}`, expirationTimestamp: expiration } };
      return Promise.resolve({ status: 201, body: JSON.stringify(answer) });
    }
    const object = this.#objects.get(path);
    if (request.method === 'GET' && object !== undefined) return Promise.resolve({ status: 200, body: JSON.stringify(object) });
    const status = { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'NotFound', code: 404, message: `${path} not found` };
    return Promise.resolve({ status: 404, body: JSON.stringify(status) });
  }

  stream(): Promise<RestStream> {
    return Promise.reject(new Error('the fake API does not stream'));
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
