import type { ApiObject } from '../api/object.js';
import { findKind, type ResourceInfo } from '../api/resources.js';
import { ApiStatusError } from './api-status-error.js';
import type { RestRequest, RestTransport } from './rest-transport.js';
import type { Watch, WatchEvent } from './watch-event.js';

export interface ListOptions {
  readonly namespace?: string;
  readonly labelSelector?: string;
  readonly fieldSelector?: string;
  readonly limit?: number;
  readonly continue?: string;
  readonly resourceVersion?: string;
  readonly resourceVersionMatch?: 'Exact' | 'NotOlderThan';
}

export interface ListResult<T extends ApiObject> {
  readonly items: T[];
  readonly resourceVersion: string;
  readonly continue?: string;
}

export interface WatchOptions {
  readonly namespace?: string;
  readonly labelSelector?: string;
  readonly fieldSelector?: string;
  readonly resourceVersion?: string;
  readonly allowWatchBookmarks?: boolean;
  readonly timeoutSeconds?: number;
}

export interface WriteOptions {
  readonly subresource?: string;
  readonly dryRun?: boolean;
  /** Overrides the client's field manager for this write. */
  readonly fieldManager?: string;
}

export type PatchType = 'json' | 'merge' | 'strategic' | 'apply';

export interface PatchOptions extends WriteOptions {
  /** Server-side apply only: take ownership of conflicting fields. */
  readonly force?: boolean;
}

export interface DeleteOptions {
  readonly propagationPolicy?: 'Orphan' | 'Background' | 'Foreground';
  readonly gracePeriodSeconds?: number;
  readonly preconditions?: { readonly uid?: string; readonly resourceVersion?: string };
  readonly dryRun?: boolean;
}

export interface ApiClientOptions {
  readonly transport: RestTransport;
  /** Recorded in managedFields for every write, e.g. `tug-controller-manager`. */
  readonly fieldManager: string;
}

const PATCH_CONTENT_TYPES: Record<PatchType, string> = {
  json: 'application/json-patch+json',
  merge: 'application/merge-patch+json',
  strategic: 'application/strategic-merge-patch+json',
  apply: 'application/apply-patch+yaml',
};

const LIST_PAGE_SIZE = 500;

/** The resource of `apiVersion` + `kind`, for kinds this code base knows are served. */
export function resourceOf(apiVersion: string, kind: string): ResourceInfo {
  const info = findKind(apiVersion, kind);
  if (info === undefined) throw new Error(`${apiVersion} ${kind} is not a served resource`);
  return info;
}

/**
 * A Kubernetes REST client. Every method either resolves with what the server
 * returned or rejects with an ApiStatusError (the server's Status) or a connection
 * error; nothing is retried here.
 */
export class ApiClient {
  readonly #transport: RestTransport;
  readonly #fieldManager: string;

  constructor(options: ApiClientOptions) {
    this.#transport = options.transport;
    this.#fieldManager = options.fieldManager;
  }

  get fieldManager(): string {
    return this.#fieldManager;
  }

  async get<T extends ApiObject>(resource: ResourceInfo, namespace: string | undefined, name: string): Promise<T> {
    return await this.#call<T>({ method: 'GET', path: resourcePath(resource, namespace, name) });
  }

  async list<T extends ApiObject>(resource: ResourceInfo, options: ListOptions = {}): Promise<ListResult<T>> {
    const query = new URLSearchParams();
    if (options.labelSelector !== undefined) query.set('labelSelector', options.labelSelector);
    if (options.fieldSelector !== undefined) query.set('fieldSelector', options.fieldSelector);
    if (options.limit !== undefined) query.set('limit', String(options.limit));
    if (options.continue !== undefined) query.set('continue', options.continue);
    if (options.resourceVersion !== undefined) query.set('resourceVersion', options.resourceVersion);
    if (options.resourceVersionMatch !== undefined) query.set('resourceVersionMatch', options.resourceVersionMatch);
    const list = await this.#call<{ items: T[] | null; metadata: { resourceVersion?: string; continue?: string } } & ApiObject>({
      method: 'GET',
      path: withQuery(resourcePath(resource, options.namespace), query),
    });
    const kind = resource.kind;
    const apiVersion = resource.group === '' ? resource.version : `${resource.group}/${resource.version}`;
    const items = (list.items ?? []).map((item) => ({ ...item, kind, apiVersion }));
    const next = list.metadata.continue;
    return {
      items,
      resourceVersion: list.metadata.resourceVersion ?? '',
      ...(next === undefined || next === '' ? {} : { continue: next }),
    };
  }

  /** Lists every page; the resourceVersion is the first page's (one consistent snapshot). */
  async listAll<T extends ApiObject>(resource: ResourceInfo, options: Omit<ListOptions, 'limit' | 'continue'> = {}): Promise<ListResult<T>> {
    const first = await this.list<T>(resource, { ...options, limit: LIST_PAGE_SIZE });
    const items = [...first.items];
    let next = first.continue;
    while (next !== undefined) {
      const { resourceVersion: _ignored, resourceVersionMatch: _alsoIgnored, ...rest } = options;
      const page = await this.list<T>(resource, { ...rest, limit: LIST_PAGE_SIZE, continue: next });
      items.push(...page.items);
      next = page.continue;
    }
    return { items, resourceVersion: first.resourceVersion };
  }

  async create<T extends ApiObject>(resource: ResourceInfo, object: T, options: WriteOptions = {}): Promise<T> {
    const namespace = object.metadata.namespace;
    return await this.#call<T>({
      method: 'POST',
      path: withQuery(resourcePath(resource, namespace), this.#writeQuery(options)),
      body: JSON.stringify(object),
      contentType: 'application/json',
    });
  }

  /** POSTs to a subresource of an existing object (binding, eviction). */
  async createSubresource<R extends ApiObject>(
    resource: ResourceInfo,
    namespace: string | undefined,
    name: string,
    subresource: string,
    body: ApiObject,
  ): Promise<R> {
    return await this.#call<R>({
      method: 'POST',
      path: withQuery(resourcePath(resource, namespace, name, subresource), this.#writeQuery({})),
      body: JSON.stringify(body),
      contentType: 'application/json',
    });
  }

  /** PUT of the whole object (or its `status` with `{ subresource: 'status' }`); 409 when stale. */
  async update<T extends ApiObject>(resource: ResourceInfo, object: T, options: WriteOptions = {}): Promise<T> {
    const { namespace, name = '' } = object.metadata;
    return await this.#call<T>({
      method: 'PUT',
      path: withQuery(resourcePath(resource, namespace, name, options.subresource), this.#writeQuery(options)),
      body: JSON.stringify(object),
      contentType: 'application/json',
    });
  }

  async patch<T extends ApiObject>(
    resource: ResourceInfo,
    namespace: string | undefined,
    name: string,
    type: PatchType,
    patch: unknown,
    options: PatchOptions = {},
  ): Promise<T> {
    const query = this.#writeQuery(options);
    if (options.force === true) query.set('force', 'true');
    return await this.#call<T>({
      method: 'PATCH',
      path: withQuery(resourcePath(resource, namespace, name, options.subresource), query),
      body: JSON.stringify(patch),
      contentType: PATCH_CONTENT_TYPES[type],
    });
  }

  /** Deletes; resolves with the object as the server returned it (it may still exist with a deletionTimestamp). */
  async delete(resource: ResourceInfo, namespace: string | undefined, name: string, options: DeleteOptions = {}): Promise<ApiObject> {
    const body: Record<string, unknown> = { kind: 'DeleteOptions', apiVersion: 'v1' };
    if (options.propagationPolicy !== undefined) body.propagationPolicy = options.propagationPolicy;
    if (options.gracePeriodSeconds !== undefined) body.gracePeriodSeconds = options.gracePeriodSeconds;
    if (options.preconditions !== undefined) body.preconditions = options.preconditions;
    const query = new URLSearchParams();
    if (options.dryRun === true) query.set('dryRun', 'All');
    return await this.#call<ApiObject>({
      method: 'DELETE',
      path: withQuery(resourcePath(resource, namespace, name), query),
      body: JSON.stringify(body),
      contentType: 'application/json',
    });
  }

  /** Starts a watch; the returned iterable ends when the server closes the stream or `stop` is called. */
  async watch<T extends ApiObject>(resource: ResourceInfo, options: WatchOptions = {}): Promise<Watch<T>> {
    const query = new URLSearchParams({ watch: 'true' });
    if (options.labelSelector !== undefined) query.set('labelSelector', options.labelSelector);
    if (options.fieldSelector !== undefined) query.set('fieldSelector', options.fieldSelector);
    if (options.resourceVersion !== undefined) query.set('resourceVersion', options.resourceVersion);
    if (options.allowWatchBookmarks === true) query.set('allowWatchBookmarks', 'true');
    if (options.timeoutSeconds !== undefined) query.set('timeoutSeconds', String(options.timeoutSeconds));
    const request: RestRequest = { method: 'GET', path: withQuery(resourcePath(resource, options.namespace), query) };
    const stream = await this.#transport.stream(request);
    if (stream.status >= 300) {
      let body = '';
      for await (const line of stream.lines) body += line;
      throw ApiStatusError.fromResponse(stream.status, body, `watch ${resource.resource}`);
    }
    return {
      stop: () => {
        stream.close();
      },
      async *[Symbol.asyncIterator](): AsyncIterator<WatchEvent<T>> {
        for await (const line of stream.lines) {
          if (line.trim() === '') continue;
          yield JSON.parse(line) as WatchEvent<T>;
        }
      },
    };
  }

  #writeQuery(options: WriteOptions): URLSearchParams {
    const query = new URLSearchParams({ fieldManager: options.fieldManager ?? this.#fieldManager });
    if (options.dryRun === true) query.set('dryRun', 'All');
    return query;
  }

  async #call<T>(request: RestRequest): Promise<T> {
    const response = await this.#transport.request(request);
    if (response.status >= 300) {
      throw ApiStatusError.fromResponse(response.status, response.body, `${request.method} ${request.path.split('?')[0] ?? ''}`);
    }
    return JSON.parse(response.body) as T;
  }
}

/** The REST path of a resource collection, object or subresource. */
export function resourcePath(resource: ResourceInfo, namespace?: string, name?: string, subresource?: string): string {
  let path = resource.group === '' ? `/api/${resource.version}` : `/apis/${resource.group}/${resource.version}`;
  if (resource.namespaced && namespace !== undefined && namespace !== '') path += `/namespaces/${encodeURIComponent(namespace)}`;
  path += `/${resource.resource}`;
  if (name !== undefined) path += `/${encodeURIComponent(name)}`;
  if (subresource !== undefined) path += `/${subresource}`;
  return path;
}

function withQuery(path: string, query: URLSearchParams): string {
  const text = query.toString();
  return text === '' ? path : `${path}?${text}`;
}
