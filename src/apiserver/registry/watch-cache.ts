import { CompactedError } from '../../storage/errors.js';
import type { Storage, WatchEvent, WatchStream } from '../../storage/interface.js';
import { QueuedWatchStream } from '../../storage/queued-watch-stream.js';
import { errorMessage } from '../../util/errors.js';
import type { Logger } from '../../util/logger.js';

export interface WatchCacheOptions {
  readonly storage: Storage;
  readonly logger: Logger;
  /** The key prefix every cached key lives under. */
  readonly prefix: string;
  /** How many recent events are kept for watchers that resume from a revision. */
  readonly capacity: number;
}

interface Subscriber {
  readonly prefix: string;
  readonly after: number;
  readonly stream: QueuedWatchStream;
}

const RESTART_DELAY_MS = 200;

function keyOf(event: WatchEvent): string {
  return event.type === 'deleted' ? event.prevKv.key : event.kv.key;
}

/**
 * One storage watch fanned out to every API watcher, as the Kubernetes watch cache
 * does: it keeps the latest `capacity` events so watchers can resume from a recent
 * resourceVersion without touching storage; older resumes go to storage itself.
 */
export class WatchCache {
  readonly #options: WatchCacheOptions;
  readonly #subscribers = new Set<Subscriber>();
  #events: WatchEvent[] = [];
  /** Events after this revision are all in `#events` (or none happened). */
  #complete = 0;
  #revision = 0;
  #upstream: WatchStream | undefined;
  #stopped = false;
  #running: Promise<void> | undefined;

  constructor(options: WatchCacheOptions) {
    this.#options = options;
  }

  /** The newest revision the cache has seen: what bookmarks report. */
  get revision(): number {
    return this.#revision;
  }

  async start(): Promise<void> {
    const revision = await this.#options.storage.currentRevision();
    this.#complete = this.#revision = revision;
    this.#running = this.#follow();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#upstream?.close();
    await this.#running;
    for (const subscriber of [...this.#subscribers]) subscriber.stream.close();
  }

  /**
   * Changes under `prefix` after `sinceRevision` (or from now), from the cache when it
   * can. History the datastore has compacted is gone here too: such a watch fails
   * with CompactedError, so clients relist as they would against Kubernetes.
   */
  async watch(prefix: string, sinceRevision: number | undefined): Promise<WatchStream> {
    const since = sinceRevision ?? this.#revision;
    const compacted = await this.#options.storage.compactedRevision();
    if (since + 1 < compacted) {
      const failed = new QueuedWatchStream();
      failed.fail(new CompactedError(since + 1, compacted));
      return failed;
    }
    if (since < this.#complete) {
      return this.#options.storage.watch(prefix, { prefix: true, sinceRevision: since });
    }
    const subscriber: Subscriber = {
      prefix,
      after: since,
      stream: new QueuedWatchStream(() => this.#subscribers.delete(subscriber)),
    };
    for (const event of this.#events) {
      if (event.revision > since && keyOf(event).startsWith(prefix)) subscriber.stream.push(event);
    }
    this.#subscribers.add(subscriber);
    return subscriber.stream;
  }

  async #follow(): Promise<void> {
    while (!this.#isStopped()) {
      const upstream = this.#options.storage.watch(this.#options.prefix, { prefix: true, sinceRevision: this.#revision });
      this.#upstream = upstream;
      try {
        for await (const event of upstream) this.#add(event);
      } catch (error) {
        if (this.#isStopped()) return;
        this.#options.logger.warn('watch cache lost its storage watch; restarting', { error: errorMessage(error) });
        if (error instanceof CompactedError) await this.#resetAfterCompaction(error);
        await new Promise((resolve) => setTimeout(resolve, RESTART_DELAY_MS));
      }
    }
  }

  /** Read through a method: `stop()` flips it while `#follow` awaits. */
  #isStopped(): boolean {
    return this.#stopped;
  }

  #add(event: WatchEvent): void {
    this.#revision = event.revision;
    this.#events.push(event);
    // Trim in chunks (a quarter of the capacity at a time), not one event per write.
    if (this.#events.length > this.#options.capacity * 1.25) {
      const dropped = this.#events.splice(0, this.#events.length - this.#options.capacity);
      this.#complete = dropped.at(-1)?.revision ?? this.#complete;
    }
    const key = keyOf(event);
    for (const subscriber of this.#subscribers) {
      if (event.revision > subscriber.after && key.startsWith(subscriber.prefix)) subscriber.stream.push(event);
    }
  }

  /** History we had not seen is gone: watchers must relist, and the cache starts over. */
  async #resetAfterCompaction(error: CompactedError): Promise<void> {
    for (const subscriber of [...this.#subscribers]) subscriber.stream.fail(new CompactedError(subscriber.after + 1, error.compactedRevision));
    this.#events = [];
    this.#complete = this.#revision = await this.#options.storage.currentRevision();
  }
}
