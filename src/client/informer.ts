import type { ApiObject, Status } from '../api/object.js';
import type { ResourceInfo } from '../api/resources.js';
import { ExponentialBackoff } from '../util/backoff.js';
import type { Clock } from '../util/clock.js';
import { errorMessage } from '../util/errors.js';
import type { Logger } from '../util/logger.js';
import type { ApiClient } from './api-client.js';
import { isGone } from './api-status-error.js';
import { objectKey } from './object-key.js';
import type { Watch } from './watch-event.js';

export interface InformerHandler<T extends ApiObject> {
  onAdd?(object: T): void;
  onUpdate?(previous: T, current: T): void;
  /** The last state the cache saw; it may be older than the deleted object. */
  onDelete?(object: T): void;
}

/** Computes the index values of an object, e.g. its node name. */
export type IndexFunction<T extends ApiObject> = (object: T) => readonly string[];

export interface InformerOptions {
  readonly client: ApiClient;
  readonly resource: ResourceInfo;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly namespace?: string;
  readonly labelSelector?: string;
  readonly fieldSelector?: string;
  /** Calls onUpdate(object, object) for every cached object this often; 0 disables. */
  readonly resyncMs?: number;
}

const WATCH_TIMEOUT_SECONDS = 300;

/**
 * A list-watch cache of one resource: lists, then watches from the list's
 * resourceVersion, resumes after a dropped stream, relists after 410 Gone, and tells
 * handlers about every change. Reads (`get`, `list`, `byIndex`) never touch the server.
 */
export class Informer<T extends ApiObject = ApiObject> {
  readonly #options: InformerOptions;
  readonly #items = new Map<string, T>();
  readonly #handlers: InformerHandler<T>[] = [];
  readonly #indexers = new Map<string, IndexFunction<T>>();
  readonly #indices = new Map<string, Map<string, Set<string>>>();
  readonly #backoff = new ExponentialBackoff<string>({ baseMs: 200, maxMs: 30_000 });
  readonly #syncWaiters: (() => void)[] = [];
  #resourceVersion = '';
  #synced = false;
  #running = false;
  #watch: Watch<T> | undefined;
  #resyncHandle: ReturnType<Clock['schedule']> | undefined;
  #loop: Promise<void> | undefined;
  #wake: (() => void) | undefined;

  constructor(options: InformerOptions) {
    this.#options = options;
  }

  get resource(): ResourceInfo {
    return this.#options.resource;
  }

  addHandler(handler: InformerHandler<T>): void {
    this.#handlers.push(handler);
    for (const object of this.#items.values()) handler.onAdd?.(object);
  }

  /** Adds an index; call before `start`. */
  addIndex(name: string, index: IndexFunction<T>): void {
    this.#indexers.set(name, index);
    const values = new Map<string, Set<string>>();
    this.#indices.set(name, values);
    for (const [key, object] of this.#items) this.#indexAdd(name, index, key, object, values);
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#loop = this.#run();
    this.#scheduleResync();
  }

  async stop(): Promise<void> {
    this.#running = false;
    this.#watch?.stop();
    this.#wake?.();
    if (this.#resyncHandle !== undefined) this.#options.clock.cancel(this.#resyncHandle);
    await this.#loop;
    for (const waiter of this.#syncWaiters.splice(0)) waiter();
  }

  get hasSynced(): boolean {
    return this.#synced;
  }

  /** Resolves once the first list has filled the cache (or the informer stops). */
  async waitForSync(): Promise<void> {
    if (this.#synced || !this.#running) return;
    await new Promise<void>((resolve) => this.#syncWaiters.push(resolve));
  }

  /** The resourceVersion the cache has caught up with. */
  get lastSyncResourceVersion(): string {
    return this.#resourceVersion;
  }

  get(namespace: string | undefined, name: string): T | undefined {
    return this.#items.get(namespace === undefined || namespace === '' ? name : `${namespace}/${name}`);
  }

  getByKey(key: string): T | undefined {
    return this.#items.get(key);
  }

  /** Every cached object, or those of one namespace. */
  list(namespace?: string): T[] {
    const all = [...this.#items.values()];
    return namespace === undefined ? all : all.filter((object) => object.metadata.namespace === namespace);
  }

  /** Cached objects whose index `name` includes `value`. */
  byIndex(name: string, value: string): T[] {
    const keys = this.#indices.get(name)?.get(value);
    if (keys === undefined) return [];
    return [...keys].flatMap((key) => {
      const object = this.#items.get(key);
      return object === undefined ? [] : [object];
    });
  }

  async #run(): Promise<void> {
    let needList = true;
    while (this.#running) {
      try {
        if (needList) {
          await this.#relist();
          needList = false;
        }
        needList = await this.#watchOnce();
        this.#backoff.forget('watch');
      } catch (error) {
        if (this.#isStopped()) break;
        needList = needList || isGone(error);
        const delay = this.#backoff.next('watch');
        this.#options.logger.warn('list/watch failed; retrying', {
          resource: this.#options.resource.resource,
          error: errorMessage(error),
          retryInMs: delay,
        });
        await this.#sleep(delay);
      }
    }
  }

  #isStopped(): boolean {
    return !this.#running;
  }

  async #relist(): Promise<void> {
    const { client, resource, namespace, labelSelector, fieldSelector } = this.#options;
    const listed = await client.listAll<T>(resource, {
      ...(namespace === undefined ? {} : { namespace }),
      ...(labelSelector === undefined ? {} : { labelSelector }),
      ...(fieldSelector === undefined ? {} : { fieldSelector }),
    });
    const seen = new Set<string>();
    for (const object of listed.items) {
      const key = objectKey(object);
      seen.add(key);
      this.#apply('MODIFIED', object);
    }
    for (const [key, object] of [...this.#items]) {
      if (!seen.has(key)) this.#apply('DELETED', object);
    }
    this.#resourceVersion = listed.resourceVersion;
    if (!this.#synced) {
      this.#synced = true;
      for (const waiter of this.#syncWaiters.splice(0)) waiter();
    }
  }

  /** Watches until the stream ends; returns true when a relist is needed. */
  async #watchOnce(): Promise<boolean> {
    const { client, resource, namespace, labelSelector, fieldSelector } = this.#options;
    const watch = await client.watch<T>(resource, {
      resourceVersion: this.#resourceVersion,
      allowWatchBookmarks: true,
      timeoutSeconds: WATCH_TIMEOUT_SECONDS + Math.floor(Math.random() * WATCH_TIMEOUT_SECONDS),
      ...(namespace === undefined ? {} : { namespace }),
      ...(labelSelector === undefined ? {} : { labelSelector }),
      ...(fieldSelector === undefined ? {} : { fieldSelector }),
    });
    this.#watch = watch;
    try {
      for await (const event of watch) {
        if (event.type === 'ERROR') {
          const status = event.object as unknown as Status;
          if (status.code === 410) return true;
          throw new Error(`watch error: ${status.message}`);
        }
        const version = event.object.metadata.resourceVersion;
        if (event.type !== 'BOOKMARK') this.#apply(event.type, event.object);
        if (version !== undefined && version !== '') this.#resourceVersion = version;
      }
    } finally {
      this.#watch = undefined;
      watch.stop();
    }
    return false;
  }

  #apply(type: 'ADDED' | 'MODIFIED' | 'DELETED', object: T): void {
    const key = objectKey(object);
    const previous = this.#items.get(key);
    if (type === 'DELETED') {
      if (previous === undefined) return;
      this.#items.delete(key);
      this.#reindex(key, previous, undefined);
      for (const handler of this.#handlers) handler.onDelete?.(object);
      return;
    }
    if (previous !== undefined && previous.metadata.resourceVersion === object.metadata.resourceVersion) return;
    this.#items.set(key, object);
    this.#reindex(key, previous, object);
    for (const handler of this.#handlers) {
      if (previous === undefined) handler.onAdd?.(object);
      else handler.onUpdate?.(previous, object);
    }
  }

  #reindex(key: string, previous: T | undefined, current: T | undefined): void {
    for (const [name, index] of this.#indexers) {
      const values = this.#indices.get(name);
      if (values === undefined) continue;
      if (previous !== undefined) {
        for (const value of index(previous)) {
          const keys = values.get(value);
          keys?.delete(key);
          if (keys?.size === 0) values.delete(value);
        }
      }
      if (current !== undefined) this.#indexAdd(name, index, key, current, values);
    }
  }

  #indexAdd(_name: string, index: IndexFunction<T>, key: string, object: T, values: Map<string, Set<string>>): void {
    for (const value of index(object)) {
      let keys = values.get(value);
      if (keys === undefined) {
        keys = new Set();
        values.set(value, keys);
      }
      keys.add(key);
    }
  }

  #scheduleResync(): void {
    const resyncMs = this.#options.resyncMs ?? 0;
    if (resyncMs <= 0 || !this.#running) return;
    this.#resyncHandle = this.#options.clock.schedule(resyncMs, () => {
      for (const object of this.#items.values()) {
        for (const handler of this.#handlers) handler.onUpdate?.(object, object);
      }
      this.#scheduleResync();
    });
  }

  async #sleep(ms: number): Promise<void> {
    await new Promise<void>((resolve) => {
      const handle = this.#options.clock.schedule(ms, resolve);
      this.#wake = () => {
        this.#options.clock.cancel(handle);
        resolve();
      };
    });
    this.#wake = undefined;
  }
}
