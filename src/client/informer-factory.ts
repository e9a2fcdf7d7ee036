import type { ApiObject } from '../api/object.js';
import type { ResourceInfo } from '../api/resources.js';
import type { Clock } from '../util/clock.js';
import type { Logger } from '../util/logger.js';
import type { ApiClient } from './api-client.js';
import { Informer } from './informer.js';

/** Hands out one shared Informer per resource, so controllers share caches and watches. */
export class InformerFactory {
  readonly #client: ApiClient;
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #resyncMs: number;
  readonly #informers = new Map<string, Informer>();
  #started = false;

  constructor(options: { client: ApiClient; clock: Clock; logger: Logger; resyncMs?: number }) {
    this.#client = options.client;
    this.#clock = options.clock;
    this.#logger = options.logger;
    this.#resyncMs = options.resyncMs ?? 0;
  }

  informerFor<T extends ApiObject = ApiObject>(resource: ResourceInfo): Informer<T> {
    const key = `${resource.group}/${resource.version}/${resource.resource}`;
    let informer = this.#informers.get(key);
    if (informer === undefined) {
      informer = new Informer({
        client: this.#client,
        resource,
        clock: this.#clock,
        logger: this.#logger.with({ informer: resource.resource }),
        resyncMs: this.#resyncMs,
      });
      this.#informers.set(key, informer);
      if (this.#started) informer.start();
    }
    return informer as unknown as Informer<T>;
  }

  /** Starts every informer handed out so far, and any handed out later. */
  start(): void {
    this.#started = true;
    for (const informer of this.#informers.values()) informer.start();
  }

  async waitForSync(): Promise<void> {
    await Promise.all([...this.#informers.values()].map(async (informer) => informer.waitForSync()));
  }

  async stop(): Promise<void> {
    await Promise.all([...this.#informers.values()].map(async (informer) => informer.stop()));
  }
}
